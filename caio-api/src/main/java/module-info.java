/**
 * caio for Java: asynchronous file I/O with interchangeable backends. {@link dev.caio.AsyncFileContext} is the entry
 * point; backends implement {@link dev.caio.spi.AsyncFileContextProvider}.
 */
module dev.caio.api {
    // The JFR events of operations (dev.caio.internal.jfr), disabled unless a recording enables them.
    requires jdk.jfr;

    exports dev.caio;
    exports dev.caio.spi;

    uses dev.caio.spi.AsyncFileContextProvider;
    uses dev.caio.spi.DirectFileSupport;
}
