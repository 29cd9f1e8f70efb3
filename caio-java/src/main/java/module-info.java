/** The pure-Java backend ({@code java}): positional {@code FileChannel} I/O on a bounded pool of threads. */
module dev.caio.java {
    requires dev.caio.api;
    requires static com.google.auto.service;

    provides dev.caio.spi.AsyncFileContextProvider with dev.caio.java.JavaChannelProvider;
}
