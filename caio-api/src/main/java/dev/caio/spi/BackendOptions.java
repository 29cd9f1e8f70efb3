package dev.caio.spi;

import java.util.Map;
import java.util.Set;

/**
 * Reads backend options (see {@link dev.caio.ContextBuilder#option}) the same way for every backend: unknown keys
 * are refused, a missing value falls back to a system property, then to a default.
 *
 * @since 0.1
 */
public final class BackendOptions {
    private final String implementation;
    private final Map<String, String> options;

    /**
     * Checks the keys once; the values are parsed only when read.
     *
     * @param implementation the backend's name, for error messages
     * @param options the options given to the context, read now and by {@link #intValue}, never changed
     * @param known every key this backend accepts
     * @throws IllegalArgumentException if {@code options} holds a key not in {@code known}; the message names the
     *         key and lists the known ones
     */
    public BackendOptions(String implementation, Map<String, String> options, Set<String> known) {
        this.implementation = implementation;
        this.options = options;
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("implementation " + implementation + ": unknown option '" + key
                        + "'; known: " + String.join(", ", known));
            }
        }
    }

    /**
     * The integer option {@code key}, else the system property {@code property}, else {@code defaultValue}.
     * Surrounding white space in a value is ignored.
     *
     * @param key the option's key
     * @param property the system property read when the option is absent
     * @param defaultValue the value when neither is set; returned as is, not checked against the bounds
     * @param min the least value accepted
     * @param max the greatest value accepted
     * @return the option's or the property's value, or {@code defaultValue}
     * @throws IllegalArgumentException if the value is not an integer in {@code [min, max]}
     */
    public int intValue(String key, String property, int defaultValue, int min, int max) {
        String value = options.getOrDefault(key, System.getProperty(property));
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("implementation " + implementation + ": " + key + " must be " + min + ".."
                + max + ", got '" + value + "'");
    }
}
