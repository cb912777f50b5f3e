package dev.berth.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.io.InputStream;
import java.util.OptionalLong;

/** What a request carries: nothing, a JSON document, or a stream (sent chunked when its length is unknown). */
public sealed interface RequestBody {
    record Empty() implements RequestBody {}

    record Bytes(byte[] data, String contentType) implements RequestBody {}

    record Stream(InputStream data, OptionalLong length, String contentType) implements RequestBody {
        public Stream {
            if (length.isPresent() && length.getAsLong() < 0) {
                throw new IllegalArgumentException("negative body length " + length.getAsLong());
            }
        }
    }

    static RequestBody empty() {
        return new Empty();
    }

    static RequestBody json(JsonNode node) {
        return new Bytes(Json.bytes(node), "application/json");
    }

    static RequestBody tar(InputStream data, OptionalLong length) {
        return new Stream(data, length, "application/x-tar");
    }
}
