package dev.caio.cli;

import dev.caio.AsyncFileContext;
import dev.caio.ImplementationInfo;
import dev.caio.Selection;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code caio info}: every discovered implementation, available or not and why, then the one automatic selection
 * picks and by which rule, with the selection's warnings. Exits with 1 when none is available.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "List the discovered implementations and show which one is selected.")
public final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Creates the command; picocli fills in its fields. */
    public InfoCommand() {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TextTable table = new TextTable("NAME", "PRIORITY", "AVAILABLE", "REASON", "PROVIDER", "LOCATION")
                .alignRight(1);
        for (ImplementationInfo info : AsyncFileContext.implementations()) {
            table.addRow(info.name(), Integer.toString(info.priority()), info.available() ? "yes" : "no",
                    info.reason(), info.provider(), info.location());
        }
        out.print(table.render());
        out.println();
        try {
            Selection selection = selectQuietly();
            out.println("selected: " + selection.implementation() + " (rule: " + selection.rule() + ")");
            selection.warnings().forEach(w -> out.println("warning: " + w));
            out.flush();
            return 0;
        } catch (IllegalStateException e) {
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /**
     * The selection, without the library's own log of its warnings: they are printed here with the selection, and
     * the log (stderr, through {@code java.util.logging}) would show each a second time. Other records pass.
     */
    private static Selection selectQuietly() {
        Logger log = Logger.getLogger("dev.caio");
        Filter previous = log.getFilter();
        log.setFilter(r -> r.getLevel().intValue() < Level.WARNING.intValue()
                && (previous == null || previous.isLoggable(r)));
        try {
            return AsyncFileContext.selection();
        } finally {
            log.setFilter(previous);
        }
    }
}
