package dev.berth.api.http;

import dev.berth.common.BerthException;
import java.util.Map;

/** The one place that turns Berth's error kinds into HTTP statuses and Docker's {@code {"message":...}} body. */
public final class ErrorMapper {
    private ErrorMapper() {}

    public static int status(BerthException e) {
        return switch (e.kind()) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case INVALID_ARGUMENT -> 400;
            case UNAUTHORIZED -> 401;
            case NOT_MODIFIED -> 304;
            case INTERNAL -> 500;
        };
    }

    /** Answers {@code exchange} with the error; a 304 has no body by HTTP's rules. */
    public static void respond(Exchange exchange, BerthException e) {
        int status = status(e);
        if (status == 304) {
            exchange.respondStatus(304);
        } else {
            exchange.respondJson(status, Map.of("message", e.getMessage()));
        }
    }
}
