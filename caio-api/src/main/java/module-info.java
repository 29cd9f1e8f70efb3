/**
 * caio for Java: asynchronous file I/O with interchangeable backends. {@link dev.caio.AsyncFileContext} is the entry
 * point; backends implement {@link dev.caio.spi.AsyncFileContextProvider}.
 */
// The qualified export names dev.caio.natives, which is not on the module path when this module compiles.
@SuppressWarnings("module")
module dev.caio.api {
    // The JFR events of operations (dev.caio.internal.jfr), disabled unless a recording enables them.
    requires jdk.jfr;

    exports dev.caio;
    exports dev.caio.spi;
    // Diagnostics.link, so the native loader's messages point to the same page by the same code.
    exports dev.caio.internal to dev.caio.natives;

    uses dev.caio.spi.AsyncFileContextProvider;
    uses dev.caio.spi.DirectFileSupport;
}
