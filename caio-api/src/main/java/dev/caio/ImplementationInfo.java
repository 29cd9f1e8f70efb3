package dev.caio;

/**
 * One discovered implementation, as {@code caio info} prints it.
 *
 * @param name the implementation's name, such as {@code "linux"}
 * @param priority higher is preferred by automatic selection
 * @param available whether contexts can be created here
 * @param unavailabilityCause why not, or null when available
 * @param provider the provider class name
 * @param location where the provider was loaded from (a jar or directory), or {@code "unknown"}
 * @since 0.1
 */
public record ImplementationInfo(String name, int priority, boolean available, Throwable unavailabilityCause,
                                 String provider, String location) {

    /**
     * Why this implementation is unavailable, in one line.
     *
     * @return the message of {@link #unavailabilityCause()} (the cause's {@code toString()} when it has none, and
     *         {@code "unavailable (no reason given)"} when there is no cause), or {@code ""} when available
     */
    public String reason() {
        if (available) {
            return "";
        }
        if (unavailabilityCause == null) {
            return "unavailable (no reason given)";
        }
        String m = unavailabilityCause.getMessage();
        return m == null ? unavailabilityCause.toString() : m;
    }
}
