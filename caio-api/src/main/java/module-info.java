/**
 * caio for Java: asynchronous file I/O with interchangeable backends. {@link dev.caio.AsyncFileContext} is the entry
 * point; backends implement {@link dev.caio.spi.AsyncFileContextProvider}.
 */
module dev.caio.api {
    exports dev.caio;
    exports dev.caio.spi;

    uses dev.caio.spi.AsyncFileContextProvider;
    uses dev.caio.spi.DirectFileSupport;
}
