package dev.berth.api.docker;

import dev.berth.api.http.Exchange;
import dev.berth.common.Json;
import dev.berth.image.RemoteRef;
import dev.berth.image.TransferListener;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Docker's JSON progress stream for pulls and pushes: one object per line, {@code {"status","id","progressDetail"}},
 * flushed as it happens. The answer starts with the first message, so a failure before it is still a plain HTTP
 * error (as Docker answers an unknown image with 404); later failures are {@code {"errorDetail","error"}} lines.
 */
final class ProgressStream implements TransferListener, AutoCloseable {
    private final Exchange exchange;
    private final String startedStatus;
    private final boolean startedNamesReference;
    private OutputStream out;
    private boolean startedReported;

    /**
     * {@code startedStatus} words the first line; with {@code startedNamesReference} it carries the tag as its id,
     * as dockerd's "1.36: Pulling from library/busybox" does and its "The push refers to repository [...]" does not.
     */
    ProgressStream(Exchange exchange, String startedStatus, boolean startedNamesReference) {
        this.exchange = exchange;
        this.startedStatus = startedStatus;
        this.startedNamesReference = startedNamesReference;
    }

    /** Whether anything was sent; after that, errors must go into the stream. */
    synchronized boolean isOpen() {
        return out != null;
    }

    @Override
    public synchronized void started(RemoteRef ref) {
        if (!startedReported) {
            startedReported = true;
            status(startedNamesReference ? ref.reference() : "", startedStatus);
        }
    }

    @Override
    public synchronized void layer(String id, Step step, long current, long total) {
        Map<String, Object> detail = current > 0 || total > 0 ? Map.of("current", current, "total", total) : Map.of();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("status", step.text());
        message.put("progressDetail", detail);
        message.put("id", id);
        send(message);
    }

    /** A line without a layer; {@code id} may be empty. */
    synchronized void status(String id, String text) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("status", text);
        if (!id.isEmpty()) {
            message.put("id", id);
        }
        send(message);
    }

    synchronized void aux(Map<String, Object> aux) {
        send(Map.of("progressDetail", Map.of(), "aux", aux));
    }

    synchronized void error(String text) {
        send(Map.of("errorDetail", Map.of("message", text), "error", text));
    }

    synchronized void send(Map<String, Object> message) {
        try {
            if (out == null) {
                out = exchange.stream(200, "application/json");
            }
            out.write(Json.bytes(message));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
