package dev.caio.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;

/**
 * A text progress bar for one task. On a terminal it redraws one line in place with {@code \r}; otherwise it stays
 * silent while the task runs and prints a single line when it ends, so logs and pipes get one line per task.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean interactive;
    private final String label;
    private int lastPercent = -1;
    private int lastLength;

    /**
     * A bar for the task {@code label}, drawn on {@code out}.
     *
     * @param interactive whether {@code out} is a terminal that honours {@code \r}; see {@link #isTerminal()}
     */
    public ProgressBar(PrintWriter out, boolean interactive, String label) {
        this.out = out;
        this.interactive = interactive;
        this.label = label;
    }

    /**
     * Whether this JVM talks to a terminal: a console exists and, on JDK 22 and later where a console may exist
     * without one, {@code Console.isTerminal()} says so.
     */
    public static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // before JDK 22 a console exists only on a terminal
        }
    }

    /** Shows that {@code fraction} (0 to 1) of the task is done; redraws only when the percentage changes. */
    public void update(double fraction) {
        int percent = (int) (Math.max(0, Math.min(1, fraction)) * 100);
        if (interactive && percent != lastPercent) {
            lastPercent = percent;
            draw(percent, "", false);
        }
    }

    /** Ends the task with a one-line {@code summary}, such as a rate. */
    public void finish(String summary) {
        if (interactive) {
            draw(100, summary, true);
        } else {
            out.println(label + ": " + summary);
            out.flush();
        }
    }

    private void draw(int percent, String suffix, boolean last) {
        int filled = percent * WIDTH / 100;
        String line = String.format("%s [%s%s] %3d%%%s", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
                percent, suffix.isEmpty() ? "" : " " + suffix);
        String erase = " ".repeat(Math.max(0, lastLength - line.length()));
        lastLength = line.length();
        out.print("\r" + line + erase + (last ? System.lineSeparator() : ""));
        out.flush();
    }
}
