package dev.berth.api.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Docker's {@code filters} query parameter. The Go client sends {@code {"label":{"a=b":true}}}, docker-java
 * {@code {"label":["a=b"]}}; both mean the same.
 */
public record Filters(Map<String, List<String>> values) {
    public static final Filters NONE = new Filters(Map.of());

    public static Filters parse(Optional<String> json) {
        if (json.isEmpty() || json.get().isBlank()) {
            return NONE;
        }
        JsonNode root = Json.tree(json.get().getBytes(StandardCharsets.UTF_8), "filters");
        if (!root.isObject()) {
            throw BerthException.invalid("invalid filter: want a JSON object");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            List<String> vals = new ArrayList<>();
            if (f.getValue().isArray()) {
                f.getValue().forEach(v -> vals.add(v.asText()));
            } else if (f.getValue().isObject()) {
                f.getValue().fieldNames().forEachRemaining(vals::add);
            } else {
                throw BerthException.invalid("invalid filter '" + f.getKey() + "': want a list or a map of values");
            }
            out.put(f.getKey(), vals);
        }
        return new Filters(out);
    }

    /** Refuses filter keys outside {@code allowed}, as dockerd does ("invalid filter 'x'"). */
    public Filters allow(String... allowed) {
        for (String key : values.keySet()) {
            if (!List.of(allowed).contains(key)) {
                throw BerthException.invalid("invalid filter '" + key + "'");
            }
        }
        return this;
    }

    /** Refuses values of {@code key} outside {@code valid}, as dockerd does ("invalid filter 'status=x'"). */
    public Filters allowValues(String key, String... valid) {
        for (String value : get(key)) {
            if (!List.of(valid).contains(value)) {
                throw BerthException.invalid("invalid filter '" + key + "=" + value + "'");
            }
        }
        return this;
    }

    public List<String> get(String key) {
        return values.getOrDefault(key, List.of());
    }

    /** True when the filter is absent or any of its values satisfies {@code test}. */
    public boolean matchesAny(String key, java.util.function.Predicate<String> test) {
        List<String> vals = get(key);
        return vals.isEmpty() || vals.stream().anyMatch(test);
    }

    /** Label filters ({@code key} or {@code key=value}) all hold for {@code labels}. */
    public boolean matchesLabels(Map<String, String> labels) {
        return get("label").stream().allMatch(l -> hasLabel(labels, l));
    }

    /** Whether any value of {@code key} ({@code label!} for prune's exclusions) names a label {@code labels} has. */
    public boolean anyLabelMatches(String key, Map<String, String> labels) {
        return get(key).stream().anyMatch(l -> hasLabel(labels, l));
    }

    /**
     * dockerd's {@code reference} filter: a glob ({@code *} stops at {@code /}) over a tag's or digest reference's
     * familiar form with ({@code busybox:latest}, {@code busybox@sha256:...}) or without ({@code busybox}) the tag or digest.
     */
    public static boolean referenceMatches(String pattern, String familiarReference) {
        PathMatcher glob;
        try {
            glob = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int at = familiarReference.indexOf('@');
        int colon = familiarReference.lastIndexOf(':');
        String name = at >= 0 ? familiarReference.substring(0, at)
                : colon > familiarReference.lastIndexOf('/') ? familiarReference.substring(0, colon) : familiarReference;
        return glob.matches(Path.of(familiarReference)) || glob.matches(Path.of(name));
    }

    private static boolean hasLabel(Map<String, String> labels, String filter) {
        int eq = filter.indexOf('=');
        return eq < 0 ? labels.containsKey(filter) : filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }
}
