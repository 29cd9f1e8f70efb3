/**
 * The {@code linux} backend: Linux native AIO (io_submit, io_getevents, eventfd) by raw syscalls, and
 * {@link dev.caio.linux.DirectFile} for {@code O_DIRECT} files and aligned buffers.
 */
module dev.caio.linux {
    requires dev.caio.api;
    requires dev.caio.internal.natives;
    requires static com.google.auto.service;

    exports dev.caio.linux;

    provides dev.caio.spi.AsyncFileContextProvider with dev.caio.linux.LinuxAioProvider;
}
