package dev.berth.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The one Jackson mapper: unknown fields ignored (Docker clients send extra ones), absent values omitted,
 * instants as RFC 3339 strings as Docker writes them.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_ABSENT);

    /** A JSON null that maps keep, where Docker sends null: the mapper leaves out Java nulls. */
    public static final NullNode NULL = NullNode.getInstance();

    private Json() {}

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw BerthException.internal("cannot encode JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static String string(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw BerthException.internal("cannot encode JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses untrusted input; malformed JSON is the caller's error, named by {@code what}. A value that a record's
     * constructor refuses keeps the constructor's own message.
     */
    public static <T> T parse(byte[] data, Class<T> type, String what) {
        try {
            return MAPPER.readValue(data, type);
        } catch (IOException e) {
            if (e.getCause() instanceof BerthException refused) {
                throw BerthException.invalid("invalid " + what + ": " + refused.getMessage());
            }
            throw BerthException.invalid("invalid JSON in " + what + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    public static JsonNode tree(byte[] data, String what) {
        return parse(data, JsonNode.class, what);
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
