package dev.caio.internal.jfr;

import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;

/**
 * The fields every caio operation event has, as {@code jdk.FileRead} has them for {@code FileChannel}. The event
 * begins when the operation is submitted and is committed on the thread that completes it, just before its future
 * completes; the submitting thread is a field, since JFR records the committing one.
 */
abstract class OperationEvent extends Event {
    @Label("File Descriptor")
    @Description("The descriptor's number, or -1 where no caio native library is loaded to read it")
    int descriptor;

    @Label("Offset")
    @Description("The file offset; 0 for fsync and fdsync")
    long offset;

    @Label("Bytes Requested")
    @DataAmount
    long bytesRequested;

    @Label("Bytes Transferred")
    @Description("Bytes read or written; 0 at end of file, on an error and for fsync and fdsync")
    @DataAmount
    long bytesTransferred;

    @Label("Implementation")
    @Description("The backend that ran the operation: uring, linux, thread, java or a third party's")
    String implementation;

    @Label("Submitter")
    @Description("The thread that submitted the operation")
    Thread submitter;

    @Label("Error")
    @Description("The failure (exception and message, with the errno), \"cancelled\", or null on success")
    String error;
}
