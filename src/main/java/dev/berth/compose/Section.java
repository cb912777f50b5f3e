package dev.berth.compose;

import dev.berth.common.BerthException;
import dev.berth.common.ByteSize;
import dev.berth.common.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * One mapping of the merged tree being read into the model: checks its keys, converts its values as Compose does
 * (every scalar arrives as text, so {@code replicas: "3"} and {@code replicas: 3} are the same), and names file
 * and key path in every error.
 */
final class Section {
    private final YamlNode.Mapping mapping;
    private final KeyPath at;

    private Section(YamlNode.Mapping mapping, KeyPath at) {
        this.mapping = mapping;
        this.at = at;
    }

    /** The mapping at {@code at}; null reads as an empty one ({@code web:} with nothing below it). */
    static Section of(YamlNode node, KeyPath at) {
        return switch (node) {
            case YamlNode.Mapping mapping -> new Section(mapping, at);
            case YamlNode.Null nothing -> new Section(YamlNode.Mapping.empty(nothing.origin()), at);
            default -> throw at.invalid("expected a mapping, got " + node.kind());
        };
    }

    /**
     * Checks the keys: {@code x-} extension keys are allowed and ignored, keys Compose defines but Berth does not
     * support are errors that say so, and unknown keys are errors that suggest the nearest known one.
     */
    Section allow(Set<String> supported, Set<String> unsupported) {
        for (Map.Entry<String, YamlNode> entry : mapping.entries().entrySet()) {
            String key = entry.getKey();
            if (key.startsWith("x-") && !supported.contains(key)) {
                continue;
            }
            if (unsupported.contains(key)) {
                throw at.key(key, entry.getValue()).invalid("not supported by Berth yet");
            }
            if (!supported.contains(key)) {
                throw new KeyPath(entry.getValue().origin(), at.path()).invalid("unknown key \"" + key + "\"" + suggestion(key, supported));
            }
        }
        return this;
    }

    KeyPath at() {
        return at;
    }

    KeyPath at(String key) {
        return at.key(key, mapping.entries().get(key));
    }

    Optional<YamlNode> node(String key) {
        return mapping.get(key).filter(node -> !(node instanceof YamlNode.Null));
    }

    Map<String, YamlNode> entries() {
        return mapping.entries();
    }

    String text(String key, String fallback) {
        return node(key).map(node -> text(node, at(key))).orElse(fallback);
    }

    int integer(String key, int fallback) {
        return node(key).map(node -> integer(node, at(key))).orElse(fallback);
    }

    boolean bool(String key, boolean fallback) {
        return node(key).map(node -> {
            String text = text(node, at(key)).toLowerCase(Locale.ROOT);
            if (!text.equals("true") && !text.equals("false")) {
                throw at(key).invalid("expected true or false, got \"" + text + "\"");
            }
            return text.equals("true");
        }).orElse(fallback);
    }

    Duration duration(String key, Duration fallback) {
        return node(key).map(node -> {
            String text = text(node, at(key));
            return GoDuration.parse(text).orElseThrow(() -> at(key).invalid("invalid duration \"" + text + "\": write e.g. 30s, 1m30s or 500ms"));
        }).orElse(fallback);
    }

    long bytes(String key) {
        return node(key).map(node -> at(key).check(() -> ByteSize.parse(text(node, at(key)), key))).orElse(0L);
    }

    <E extends Enum<E> & Keyword> E keyword(String key, Class<E> type, E fallback) {
        return node(key).map(node -> at(key).check(() -> Keyword.parse(type, text(node, at(key)), key))).orElse(fallback);
    }

    /** The mapping below {@code key}, empty when absent. */
    Section section(String key) {
        return node(key).map(node -> of(node, at(key))).orElseGet(() -> new Section(YamlNode.Mapping.empty(at.file()), at.key(key, mapping)));
    }

    /** The list below {@code key}, empty when absent. */
    List<YamlNode> list(String key) {
        return node(key).map(node -> {
            if (!(node instanceof YamlNode.Sequence list)) {
                throw at(key).invalid("expected a list, got " + node.kind());
            }
            return list.items();
        }).orElse(List.of());
    }

    /** A list of strings below {@code key}. */
    List<String> strings(String key) {
        List<YamlNode> items = list(key);
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            strings.add(text(items.get(i), at(key).index(i, items.get(i))));
        }
        return strings;
    }

    /** A mapping of strings below {@code key}, or a list of {@code KEY=VALUE} ({@code labels}); null values read as "". */
    Map<String, String> stringMap(String key) {
        Map<String, String> values = new LinkedHashMap<>();
        Section section = node(key).map(node -> of(ShortSyntax.keyValues(node, at(key), false), at(key))).orElseGet(() -> section(key));
        section.entries().forEach((name, value) -> values.put(name,
                value instanceof YamlNode.Null ? "" : text(value, section.at().key(name, value))));
        return values;
    }

    /** The values the list's items below {@code key} read to, flattened (one short port can be several). */
    <T> List<T> items(String key, ItemReader<T> reader) {
        List<YamlNode> items = list(key);
        List<T> values = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            values.addAll(reader.read(items.get(i), at(key).index(i, items.get(i))));
        }
        return values;
    }

    /** This mapping's named entries (services, networks, ...) read one by one, in order; {@code x-} keys are extensions. */
    <T> Map<String, T> named(BiFunction<String, Section, T> reader) {
        Map<String, T> values = new LinkedHashMap<>();
        mapping.entries().forEach((key, node) -> {
            if (!key.startsWith("x-")) {
                KeyPath keyAt = at.key(key, node);
                values.put(keyAt.check(() -> Checks.resourceName(key, "the")), reader.apply(key, of(node, keyAt)));
            }
        });
        return values;
    }

    /** For keys whose only value Berth supports is Compose's default: accepted when they say it, an error otherwise. */
    void requireDefault(String key, String supported) {
        String value = text(key, supported);
        if (!value.equals(supported)) {
            throw unsupported(at(key), key + " \"" + value + "\" (only " + supported + ")");
        }
    }

    /** A file mode: YAML's octal spelling (0440, 0o440) or a decimal number. */
    int octal(String key, int fallback) {
        return node(key).map(node -> {
            String text = text(node, at(key));
            try {
                return text.startsWith("0o") ? Integer.parseInt(text.substring(2), 8)
                        : text.length() > 1 && text.startsWith("0") ? Integer.parseInt(text, 8) : Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw at(key).invalid("invalid mode \"" + text + "\": write permission bits in octal, e.g. 0440");
            }
        }).orElse(fallback);
    }

    static String text(YamlNode node, KeyPath at) {
        if (!(node instanceof YamlNode.Scalar scalar)) {
            throw at.invalid("expected a string or number, got " + node.kind());
        }
        return scalar.text();
    }

    static int integer(YamlNode node, KeyPath at) {
        String text = text(node, at);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw at.invalid("expected a whole number, got \"" + text + "\"");
        }
    }

    /** " (did you mean ...?)" for a known key at most two edits away, else "". */
    private static String suggestion(String key, Set<String> known) {
        String best = "";
        int bestDistance = 3;
        for (String candidate : new TreeSet<>(known)) {
            int distance = distance(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best.isEmpty() ? "" : " (did you mean \"" + best + "\"?)";
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    static BerthException unsupported(KeyPath at, String what) {
        return at.invalid(what + " is not supported by Berth yet");
    }

    /** Reads one list item, at its place, to zero or more values. */
    interface ItemReader<T> {
        List<T> read(YamlNode node, KeyPath at);
    }
}
