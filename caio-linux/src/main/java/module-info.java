/**
 * The {@code linux} backend: Linux native AIO (io_submit, io_getevents, eventfd) by raw syscalls; it pays off with
 * {@code O_DIRECT} files ({@link dev.caio.DirectFile}).
 */
module dev.caio.linux {
    requires dev.caio.api;
    requires dev.caio.natives;
    requires static com.google.auto.service;

    exports dev.caio.linux;

    provides dev.caio.spi.AsyncFileContextProvider with dev.caio.linux.LinuxAioProvider;
}
