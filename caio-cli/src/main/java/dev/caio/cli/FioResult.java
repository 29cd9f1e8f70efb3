package dev.caio.cli;

import java.util.List;

/**
 * One fio job's outcome for a case.
 *
 * @param key the case it matches
 * @param engine the fio engine: {@code libaio}, {@code io_uring} or {@code psync}
 * @param iops operations per second fio reported (reads plus writes), or NaN when it failed
 * @param command the exact command line run
 * @param error why it failed, or null
 */
public record FioResult(BenchCase.Key key, String engine, double iops, List<String> command, String error) {

    /** Whether fio ran and reported a rate. */
    public boolean ok() {
        return error == null;
    }

    /** The command line as one shell-ready string. */
    public String commandLine() {
        return String.join(" ", command);
    }
}
