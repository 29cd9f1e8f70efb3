package dev.caio.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The top command, {@code caio}: dispatches to {@link InfoCommand} and {@link BenchCommand}. A usage error prints
 * its message and a hint to {@code --help}; a file error prints the file and the reason; both on one line each and
 * without a stack trace.
 */
@Command(name = "caio",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Asynchronous file I/O for the JVM: inspect and benchmark the caio implementations.",
        subcommands = {InfoCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class CaioCommand implements Runnable {
    /** The exit code of a file error, as of any failed run. */
    static final int EXIT_FILE_ERROR = 1;

    @Spec
    CommandSpec spec;

    /** Creates the command; picocli fills in its fields. */
    public CaioCommand() {
    }

    /** Runs {@code caio} with {@code args} and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The {@code caio} command line with its error handlers, as {@link #main} runs it. */
    static CommandLine commandLine() {
        return new CommandLine(new CaioCommand())
                .setParameterExceptionHandler(CaioCommand::usageError)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof FileError f) {
                        PrintWriter err = cmd.getErr();
                        err.println("caio: " + f.getMessage());
                        err.flush();
                        return EXIT_FILE_ERROR;
                    }
                    throw e;
                });
    }

    /**
     * A bad option or value: one line with the reason, picocli's suggestions for a misspelt option, and a hint to
     * the command's help, instead of the whole usage.
     */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Without a subcommand there is nothing to do: report the usage error. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand (info or bench)");
    }
}
