/** The {@code uring} backend: io_uring by raw syscalls and mmapped rings, preferred where the kernel allows. */
module dev.caio.uring {
    requires dev.caio.api;
    requires dev.caio.natives;
    requires static com.google.auto.service;

    provides dev.caio.spi.AsyncFileContextProvider with dev.caio.uring.IoUringProvider;
}
