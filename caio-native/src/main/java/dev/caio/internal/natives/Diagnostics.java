package dev.caio.internal.natives;

/**
 * The link that ends the loader's and the engines' messages: caio-api's {@code dev.caio.internal.Diagnostics}, which
 * that module does not export, repeated here; the two {@code BASE}s must stay equal.
 */
final class Diagnostics {
    static final String BASE = "https://github.com/caio-java/caio/blob/main/docs/diagnostics.md#";

    private Diagnostics() {
    }

    /** {@code " (see <BASE><anchor>)"}, to end a message with. */
    static String link(String anchor) {
        return " (see " + BASE + anchor + ")";
    }
}
