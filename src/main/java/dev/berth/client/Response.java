package dev.berth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** A successful response whose body is read once, as bytes, JSON, NDJSON or a stream; closing it closes the connection. */
public final class Response implements AutoCloseable {
    private final ResponseHead head;
    private final InputStream body;

    Response(ResponseHead head, InputStream body) {
        this.head = head;
        this.body = body;
    }

    public int status() {
        return head.status();
    }

    public ResponseHead head() {
        return head;
    }

    public String contentType() {
        return head.header("Content-Type").orElse("");
    }

    /** The raw body; the caller reads it to the end or closes the response. */
    public InputStream body() {
        return body;
    }

    public byte[] bytes() {
        try (body) {
            return body.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the daemon's answer failed: " + e.getMessage(), e);
        }
    }

    /** The body as JSON; an empty body is a {@link MissingNode}, never null. */
    public JsonNode json() {
        byte[] data = bytes();
        return data.length == 0 ? MissingNode.getInstance() : Json.tree(data, "the daemon's answer");
    }

    /**
     * Hands each JSON line to {@code each} as it arrives (pull, load, import progress). A message with an
     * {@code error} field ends the stream with that error, as Docker's stream protocol says.
     */
    public void jsonLines(Consumer<JsonNode> each) {
        jsonMessages(message -> {
            if (message.hasNonNull("error")) {
                throw BerthException.internal(message.get("error").asText());
            }
            each.accept(message);
        });
    }

    /** Every message of a JSON-lines stream, errors included, for callers that report errors themselves. */
    public void jsonMessages(Consumer<JsonNode> each) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank()) {
                    each.accept(Json.tree(line.getBytes(StandardCharsets.UTF_8), "the daemon's progress stream"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the daemon's stream failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // Closing a finished connection cannot lose data the caller still wants.
        }
    }
}
