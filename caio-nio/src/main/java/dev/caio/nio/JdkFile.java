package dev.caio.nio;

import dev.caio.spi.FileSupport;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;
import java.nio.file.attribute.FileAttribute;

/**
 * A file opened by the JDK's {@link FileChannel#open}, so that its options, checks and permissions are the JDK's,
 * and the descriptor the channel's operations go to.
 */
record JdkFile(FileChannel channel, FileDescriptor fd) {
    static JdkFile open(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        FileChannel jdk = FileChannel.open(path, options, attrs);
        try {
            FileDescriptor fd = FileSupport.get().descriptorOf(jdk);
            if (fd == null) {
                throw new UnsupportedOperationException("this JDK's FileChannel (" + jdk.getClass().getName()
                        + ") does not expose its descriptor");
            }
            return new JdkFile(jdk, fd);
        } catch (RuntimeException | Error e) {
            jdk.close();
            throw e;
        }
    }
}
