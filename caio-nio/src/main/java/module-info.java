/**
 * JDK drop-in channels over caio contexts: {@link dev.caio.nio.CaioFileChannel} is a
 * {@link java.nio.channels.FileChannel} whose reads, writes and {@code force} go through an
 * {@link dev.caio.AsyncFileContext}.
 */
module dev.caio.nio {
    requires transitive dev.caio.api;

    exports dev.caio.nio;
}
