package dev.caio.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One caio {@code read}: see {@link OperationEvent}. Disabled unless a recording enables it. */
@Name("dev.caio.Read")
@Label("caio Read")
@Category({"caio", "File I/O"})
@Description("An asynchronous read through caio, from submission to completion")
@Enabled(false)
@StackTrace(false)
final class ReadEvent extends OperationEvent {
}
