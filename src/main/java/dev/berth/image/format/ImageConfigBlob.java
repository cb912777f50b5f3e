package dev.berth.image.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.common.GoTime;
import dev.berth.common.Json;
import dev.berth.image.HistoryEntry;
import dev.berth.image.ImageConfig;
import dev.berth.image.Platform;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What Berth reads from an OCI image config blob (image-spec config.md); the blob itself is kept byte for byte,
 * since its digest is the image id.
 */
public record ImageConfigBlob(Instant created, String architecture, String os, ImageConfig config,
                              List<Digest> diffIds) {
    public ImageConfigBlob {
        diffIds = List.copyOf(diffIds);
    }

    /** Parses an untrusted config blob; {@code what} names it in errors. */
    public static ImageConfigBlob parse(byte[] json, String what) {
        JsonNode root = Json.tree(json, what);
        if (!root.isObject()) {
            throw BerthException.invalid(what + " is not a JSON object");
        }
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode id : root.path("rootfs").path("diff_ids")) {
            diffIds.add(Digest.parse(id.asText()));
        }
        ImageConfig config = root.path("config").isObject()
                ? Json.parse(Json.bytes(root.get("config")), ImageConfig.class, what)
                : ImageConfig.empty();
        return new ImageConfigBlob(created(root.path("created").asText(""), what), root.path("architecture").asText(""),
                root.path("os").asText(""), config, diffIds);
    }

    /** Serializes a new config for an image Berth creates, with one history entry saying how. */
    public byte[] toJson(String createdBy) {
        return toJson(List.of(new HistoryEntry(created, createdBy, "", false)));
    }

    /** Serializes a new config with the given history (image-spec config.md field names). */
    public byte[] toJson(List<HistoryEntry> history) {
        ObjectNode root = Json.object();
        root.put("created", GoTime.rfc3339Nano(created));
        root.put("architecture", architecture);
        root.put("os", os);
        root.set("config", Json.MAPPER.valueToTree(config));
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(id -> ids.add(id.toString()));
        ArrayNode entries = root.putArray("history");
        for (HistoryEntry h : history) {
            ObjectNode entry = entries.addObject().put("created", GoTime.rfc3339Nano(h.created())).put("created_by", h.createdBy());
            if (!h.comment().isEmpty()) {
                entry.put("comment", h.comment());
            }
            if (h.emptyLayer()) {
                entry.put("empty_layer", true);
            }
        }
        return Json.bytes(root);
    }

    /** The history entries of an untrusted config blob; entries without a valid time get the epoch. */
    public static List<HistoryEntry> history(byte[] json, String what) {
        List<HistoryEntry> history = new ArrayList<>();
        for (JsonNode h : Json.tree(json, what).path("history")) {
            history.add(new HistoryEntry(created(h.path("created").asText(""), what), h.path("created_by").asText(""),
                    h.path("comment").asText(""), h.path("empty_layer").asBoolean(false)));
        }
        return history;
    }

    /** The architecture name OCI and Go use for this JVM's machine. */
    public static String hostArchitecture() {
        return Platform.host().architecture();
    }

    private static Instant created(String text, String what) {
        if (text.isEmpty()) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw BerthException.invalid(what + " has an invalid created time '" + text + "'");
        }
    }
}
