package dev.caio.spi;

/**
 * A behaviour the caio contract leaves to the backend, which a provider declares through
 * {@link AsyncFileContextProvider#capabilities()}. The contract names each one with "where the backend can"; a
 * backend without it is still correct. The TCK ({@code caio-tck}) runs its {@code optional_} rules only for the
 * capabilities a provider declares and skips the others, naming the capability, so a declaration must be true of
 * every context the provider creates, whatever its options.
 *
 * @since 0.1
 */
public enum Capability {
    /**
     * The backend cancels operations it has already started: {@link AbstractAsyncFileContext#cancelRunning} takes an
     * operation out of the engine where it has not begun (an engine queue, a request not yet picked up) or asks the
     * kernel to cancel it, and then reports it as cancelled. Without it a cancelled operation in flight runs to its
     * end and only its future is detached, which the contract allows ({@link dev.caio.AsyncFileContext#cancel}).
     */
    CANCEL_IN_FLIGHT
}
