/**
 * The technology compatibility kit: subclass {@link dev.caio.tck.AsyncFileContextTck} and implement
 * {@code provider()} to check a backend against every rule of the caio contract.
 */
module dev.caio.tck {
    requires transitive dev.caio.api;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;

    exports dev.caio.tck;
    opens dev.caio.tck to org.junit.platform.commons;
}
