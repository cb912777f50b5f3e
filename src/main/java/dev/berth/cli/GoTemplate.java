package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The subset of Go's text/template that {@code --format} needs in practice: literal text, {@code {{.A.B}}} field
 * paths, {@code {{.}}} and {@code {{json .A}}}. Values print as Go prints them: lists as {@code [a b]}, maps as
 * {@code map[k:v]}, null as {@code <nil>}, a missing field as {@code <no value>}.
 */
record GoTemplate(List<Part> parts) {
    sealed interface Part {}

    record Literal(String text) implements Part {}

    record Field(List<String> path, boolean json) implements Part {}

    GoTemplate {
        parts = List.copyOf(parts);
    }

    static GoTemplate parse(String template) {
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf("{{", at);
            if (open < 0) {
                parts.add(new Literal(unescape(template.substring(at))));
                break;
            }
            if (open > at) {
                parts.add(new Literal(unescape(template.substring(at, open))));
            }
            int close = template.indexOf("}}", open);
            if (close < 0) {
                throw BerthException.invalid("template: unclosed action in '" + template + "'");
            }
            parts.add(action(template.substring(open + 2, close).trim(), template));
            at = close + 2;
        }
        return new GoTemplate(parts);
    }

    String render(JsonNode data) {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            switch (p) {
                case Literal l -> sb.append(l.text());
                case Field f -> {
                    JsonNode value = resolve(data, f.path());
                    sb.append(f.json() ? Json.string(value.isMissingNode() ? null : value) : goString(value));
                }
            }
        }
        return sb.toString();
    }

    private static Part action(String action, String template) {
        boolean json = false;
        String path = action;
        if (action.startsWith("json ")) {
            json = true;
            path = action.substring(5).trim();
        }
        if (!path.startsWith(".") || path.contains(" ")) {
            throw BerthException.invalid("template: unsupported action {{" + action + "}} in '" + template
                    + "' (supported: {{.Field.Path}}, {{.}}, {{json .Field}})");
        }
        List<String> names = path.equals(".") ? List.of() : List.of(path.substring(1).split("\\.", -1));
        if (names.stream().anyMatch(String::isEmpty)) {
            throw BerthException.invalid("template: bad field path '" + path + "' in '" + template + "'");
        }
        return new Field(names, json);
    }

    /** Shells pass {@code \t} and {@code \n} literally; Docker's formatter turns them into tabs and newlines. */
    private static String unescape(String text) {
        return text.replace("\\t", "\t").replace("\\n", "\n");
    }

    private static JsonNode resolve(JsonNode data, List<String> path) {
        JsonNode node = data;
        for (String name : path) {
            node = node.path(name);
        }
        return node;
    }

    static String goString(JsonNode value) {
        if (value.isMissingNode()) {
            return "<no value>";
        }
        if (value.isNull()) {
            return "<nil>";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(goString(v)));
            return "[" + String.join(" ", items) + "]";
        }
        if (value.isObject()) {
            // Go prints map keys sorted
            Map<String, String> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                sorted.put(e.getKey(), goString(e.getValue()));
            }
            List<String> items = new ArrayList<>();
            sorted.forEach((k, v) -> items.add(k + ":" + v));
            return "map[" + String.join(" ", items) + "]";
        }
        return value.asText();
    }
}
