package dev.caio.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version shown by {@code caio --version} and carried by {@code --json}: the build's version, which Maven writes
 * into the resource {@code version.properties} beside this class.
 */
public final class VersionProvider implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    /** Creates the provider; picocli instantiates it. */
    public VersionProvider() {
    }

    @Override
    public String[] getVersion() {
        return new String[] {"caio " + caioVersion()};
    }

    /**
     * The caio version this command was built as, such as {@code 0.1.0-SNAPSHOT}.
     *
     * @throws IllegalStateException if the build left the resource out or unfiltered
     */
    public static String caioVersion() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing beside " + VersionProvider.class.getName());
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "");
            if (v.isBlank() || v.contains("${")) {
                throw new IllegalStateException(RESOURCE + " was not filtered by the build: version=" + v);
            }
            return v.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
