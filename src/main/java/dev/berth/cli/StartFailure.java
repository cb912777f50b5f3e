package dev.berth.cli;

import dev.berth.common.BerthException;

/** Starting a container's (or exec's) process failed; its message decides between exit codes 125, 126 and 127. */
final class StartFailure extends RuntimeException {
    StartFailure(BerthException cause) {
        super(cause.getMessage(), cause);
    }

    BerthException error() {
        return (BerthException) getCause();
    }
}
