package dev.caio.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * The version shown by {@code caio --version}: the jar's {@code Implementation-Version}, else the build's version.
 */
public final class VersionProvider implements IVersionProvider {
    /** The version reported when the manifest carries none. */
    static final String FALLBACK = "0.1.0-SNAPSHOT";

    /** Creates the provider; picocli instantiates it. */
    public VersionProvider() {
    }

    @Override
    public String[] getVersion() {
        String v = CaioCommand.class.getPackage().getImplementationVersion();
        return new String[] {"caio " + (v == null ? FALLBACK : v)};
    }
}
