package dev.berth.common;

/** The closed set of failure classes; the API layer maps each to one HTTP status in one place. */
public enum ErrorKind {
    /** A named object does not exist (HTTP 404). */
    NOT_FOUND,
    /** The request clashes with existing state: a name in use, a running container (HTTP 409). */
    CONFLICT,
    /** The request itself is malformed (HTTP 400). */
    INVALID_ARGUMENT,
    /** A registry refused the credentials, or wants some (HTTP 401). */
    UNAUTHORIZED,
    /** The operation would change nothing, e.g. starting a running container (HTTP 304). */
    NOT_MODIFIED,
    /** Something on the host failed: a runtime, a file system, a helper process (HTTP 500). */
    INTERNAL
}
