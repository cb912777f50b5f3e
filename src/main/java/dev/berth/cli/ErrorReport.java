package dev.berth.cli;

import dev.berth.client.DaemonException;
import java.io.UncheckedIOException;

/** Turns a failure into the line Docker would print: daemon errors are prefixed, local ones are shown as they are. */
final class ErrorReport {
    private ErrorReport() {}

    static String describe(Throwable failure) {
        Throwable f = failure instanceof StartFailure s ? s.error() : failure;
        if (f instanceof DaemonException d) {
            return "Error response from daemon: " + d.getMessage();
        }
        if (f instanceof UncheckedIOException io) {
            return "Error: " + io.getMessage();
        }
        if (f instanceof dev.berth.common.BerthException) {
            return f.getMessage();
        }
        return "Error: " + f;
    }
}
