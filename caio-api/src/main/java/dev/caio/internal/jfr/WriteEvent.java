package dev.caio.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One caio {@code write}: see {@link OperationEvent}. Disabled unless a recording enables it. */
@Name("dev.caio.Write")
@Label("caio Write")
@Category({"caio", "File I/O"})
@Description("An asynchronous write through caio, from submission to completion")
@Enabled(false)
@StackTrace(false)
final class WriteEvent extends OperationEvent {
}
