package dev.caio.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A file the user named (or the temporary file) could not be used: its message is the file and the reason, such as
 * {@code /tmp: is a directory}, which {@code caio} prints on one line without a stack trace.
 */
public final class FileError extends IOException {
    private static final long serialVersionUID = 1L;

    /** {@code file} could not be used because of {@code cause}. */
    public FileError(Path file, IOException cause) {
        super(fileOf(file, cause) + ": " + reason(cause), cause);
    }

    /** The file an NIO exception names, else {@code file}. */
    private static String fileOf(Path file, IOException cause) {
        return cause instanceof FileSystemException f && f.getFile() != null ? f.getFile() : String.valueOf(file);
    }

    /**
     * Why {@code e} happened, in a few lower-case words and without the file name: the operating system's reason
     * where the JDK passed it on ({@code is a directory}, {@code illegal seek}).
     */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "file exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        String why;
        if (e instanceof FileSystemException f) {
            why = f.getReason();
        } else if (e instanceof FileNotFoundException && e.getMessage() != null && e.getMessage().endsWith(")")) {
            // java.io names the file, then the reason in parentheses: "x.svg (No such file or directory)"
            String m = e.getMessage();
            int open = m.lastIndexOf(" (");
            why = open < 0 ? m : m.substring(open + 2, m.length() - 1);
        } else {
            why = e.getMessage();
        }
        if (why == null || why.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return why.substring(0, 1).toLowerCase(Locale.ROOT) + why.substring(1);
    }
}
