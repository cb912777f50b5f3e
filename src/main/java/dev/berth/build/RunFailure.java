package dev.berth.build;

import dev.berth.build.dockerfile.Instruction;
import dev.berth.common.BerthException;
import dev.berth.common.ErrorKind;

/** A RUN step whose command exited non-zero; {@code docker build} exits with that code. */
public final class RunFailure extends BerthException {
    private final int exitCode;

    private RunFailure(String message, int exitCode) {
        super(ErrorKind.INVALID_ARGUMENT, message);
        this.exitCode = exitCode;
    }

    /** Docker's words for it. */
    static RunFailure of(String command, int exitCode) {
        return new RunFailure("The command '" + command + "' returned a non-zero code: " + exitCode, exitCode);
    }

    /** The same failure, naming the Dockerfile line of the RUN first. */
    RunFailure at(Instruction.Location at) {
        return new RunFailure(at + ": " + getMessage(), exitCode);
    }

    public int exitCode() {
        return exitCode;
    }
}
