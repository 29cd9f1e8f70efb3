/**
 * The {@code caio} command: {@code caio info} lists the discovered implementations and the one selected,
 * {@code caio bench} measures random reads and writes on each of them. Backends are found at run time through
 * {@link java.util.ServiceLoader}; none is required at compile time.
 */
module dev.caio.cli {
    requires dev.caio.api;
    requires info.picocli;
    // HdrHistogram 2.2.2 has neither a module descriptor nor Automatic-Module-Name: its name comes from the jar.
    requires HdrHistogram;

    opens dev.caio.cli to info.picocli;

    uses dev.caio.spi.AsyncFileContextProvider;
}
