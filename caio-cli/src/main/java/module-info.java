/**
 * The {@code caio} command: {@code caio info} lists the discovered implementations and the one selected,
 * {@code caio bench} measures them against JDK baselines and fio. Backends are found at run time through
 * {@link java.util.ServiceLoader}; {@code dev.caio.linux} is needed for {@code O_DIRECT} files.
 */
module dev.caio.cli {
    requires dev.caio.api;
    requires dev.caio.linux;
    requires dev.caio.nio;
    requires info.picocli;
    // HdrHistogram 2.2.2 has neither a module descriptor nor Automatic-Module-Name: its name comes from the jar.
    requires HdrHistogram;
    // XChart is an automatic module (Automatic-Module-Name: org.knowm.xchart); it draws with java.desktop.
    requires org.knowm.xchart;
    requires java.desktop;
    // jackson-jr: fio's JSON report and --json.
    requires com.fasterxml.jackson.jr.ob;
    // caio info silences the library's log of the selection warnings it prints itself.
    requires java.logging;
    // Process CPU time (com.sun.management) and ExtendedOpenOption.DIRECT (com.sun.nio.file).
    requires jdk.management;
    requires jdk.unsupported;

    opens dev.caio.cli to info.picocli;

    uses dev.caio.spi.AsyncFileContextProvider;
}
