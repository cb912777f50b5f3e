package dev.berth.api.http;

/** The client closed its connection while we were still answering; nothing more to tell it. */
public final class ClientGoneException extends RuntimeException {
    public ClientGoneException(String message) {
        super(message);
    }
}
