/** The {@code thread} backend: a pool of POSIX threads in C doing pread/pwrite/fsync/fdatasync. */
module dev.caio.thread {
    requires dev.caio.api;
    requires dev.caio.natives;
    requires static com.google.auto.service;

    provides dev.caio.spi.AsyncFileContextProvider with dev.caio.thread.ThreadPoolProvider;
}
