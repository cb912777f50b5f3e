package dev.berth.cli;

import java.util.Locale;

/**
 * Docker's CLI exit codes: 1 when a command fails, but 125 when {@code run} or {@code create} fail in the engine
 * and for invalid flags, 126/127 when the container's command cannot run (cli/command/container/run.go).
 */
final class ExitCodes {
    static final int OK = 0;
    /** A command other than run/create failed: the daemon said no or could not be reached. */
    static final int FAILURE = 1;
    /** run/create failed in the engine, or the flags are invalid. */
    static final int ENGINE_ERROR = 125;
    /** The command exists but cannot be invoked (e.g. permission denied). */
    static final int CANNOT_INVOKE = 126;
    /** The command was not found. */
    static final int COMMAND_NOT_FOUND = 127;

    private ExitCodes() {}

    /** The exit code for {@code failure} raised by the command named {@code command}. */
    static int of(Throwable failure, String command) {
        if (failure instanceof StartFailure start) {
            return ofStartError(start.getMessage());
        }
        return command.equals("run") || command.equals("create") ? ENGINE_ERROR : FAILURE;
    }

    /** Docker maps runtime start errors by their text (cli/command/container/run.go, runStartContainerErr). */
    static int ofStartError(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("executable file not found") || m.contains("no such file or directory")) {
            return COMMAND_NOT_FOUND;
        }
        if (m.contains("permission denied")) {
            return CANNOT_INVOKE;
        }
        return ENGINE_ERROR;
    }
}
