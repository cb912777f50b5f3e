package dev.berth.common;

/**
 * The one unchecked exception of Berth. Messages say what failed, on which object, and what to do next;
 * they are shown to users unchanged (CLI output, Docker API {@code message}).
 */
public class BerthException extends RuntimeException {
    private final ErrorKind kind;

    public BerthException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public BerthException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    public static BerthException notFound(String message) {
        return new BerthException(ErrorKind.NOT_FOUND, message);
    }

    public static BerthException conflict(String message) {
        return new BerthException(ErrorKind.CONFLICT, message);
    }

    public static BerthException invalid(String message) {
        return new BerthException(ErrorKind.INVALID_ARGUMENT, message);
    }

    public static BerthException unauthorized(String message) {
        return new BerthException(ErrorKind.UNAUTHORIZED, message);
    }

    public static BerthException notModified(String message) {
        return new BerthException(ErrorKind.NOT_MODIFIED, message);
    }

    public static BerthException internal(String message, Throwable cause) {
        return new BerthException(ErrorKind.INTERNAL, message, cause);
    }

    public static BerthException internal(String message) {
        return new BerthException(ErrorKind.INTERNAL, message);
    }
}
