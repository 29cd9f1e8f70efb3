package dev.caio.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The top command, {@code caio}: dispatches to {@link InfoCommand} and {@link BenchCommand}.
 */
@Command(name = "caio",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Asynchronous file I/O for the JVM: inspect and benchmark the caio implementations.",
        subcommands = {InfoCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class CaioCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Creates the command; picocli fills in its fields. */
    public CaioCommand() {
    }

    /** Runs {@code caio} with {@code args} and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new CaioCommand()).execute(args));
    }

    /** Without a subcommand there is nothing to do: report the usage error. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand (info or bench)");
    }
}
