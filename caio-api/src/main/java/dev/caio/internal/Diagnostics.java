package dev.caio.internal;

/**
 * Where caio's warnings and errors point for what they mean and what to do: one stable anchor per message in
 * {@code docs/diagnostics.md}, as SLF4J's codes page does. Shared with caio-native (exported to
 * {@code dev.caio.natives} only).
 */
public final class Diagnostics {
    /** The page every message links to; an anchor follows the {@code #}. */
    public static final String BASE = "https://github.com/caio-java/caio/blob/main/docs/diagnostics.md#";

    private Diagnostics() {
    }

    /** {@code " (see <BASE><anchor>)"}, to end a message with. */
    public static String link(String anchor) {
        return " (see " + BASE + anchor + ")";
    }
}
