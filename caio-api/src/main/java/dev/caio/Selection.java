package dev.caio;

import java.util.List;

/**
 * The outcome of automatic selection.
 *
 * @param implementation the chosen implementation's name
 * @param rule the rule that chose it: {@code "system property caio.impl"}, {@code "environment variable CAIO_IMPL"},
 *        {@code "resource <url>"} or {@code "highest priority"}
 * @param warnings values that were requested but skipped, each with the reason; empty when none
 * @since 0.1
 */
public record Selection(String implementation, String rule, List<String> warnings) {
    /**
     * A selection outcome; {@code warnings} is copied.
     *
     * @param implementation the chosen implementation's name
     * @param rule the rule that chose it
     * @param warnings values that were requested but skipped, each with the reason
     * @throws NullPointerException if {@code warnings} or one of them is null
     */
    public Selection {
        warnings = List.copyOf(warnings);
    }
}
