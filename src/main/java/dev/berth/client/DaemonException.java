package dev.berth.client;

import dev.berth.common.BerthException;
import dev.berth.common.ErrorKind;

/** The daemon answered with an error status; the message is the server's own {@code message}. */
public final class DaemonException extends BerthException {
    private final int status;

    public DaemonException(int status, String message) {
        super(kindOf(status), message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The inverse of the daemon's one error mapping (Docker's status codes). */
    static ErrorKind kindOf(int status) {
        return switch (status) {
            case 404 -> ErrorKind.NOT_FOUND;
            case 409 -> ErrorKind.CONFLICT;
            case 400 -> ErrorKind.INVALID_ARGUMENT;
            case 401 -> ErrorKind.UNAUTHORIZED;
            case 304 -> ErrorKind.NOT_MODIFIED;
            default -> ErrorKind.INTERNAL;
        };
    }
}
