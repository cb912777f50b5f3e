package dev.berth.compose;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node of a compose file as read, before it becomes the model. Every scalar keeps the text the file wrote
 * (Compose converts a value by the key it belongs to, so {@code 0440}, {@code yes} and {@code 1.50} stay as
 * written), mappings keep their key order, and each node remembers the file it came from, so that an error
 * found after several files were merged still names the file that wrote the value.
 */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar, YamlNode.Null {
    /** The file the node was read from, as the user named it. */
    String origin();

    /** The merge tag the file gave the node ({@code !reset}, {@code !override}), if any. */
    MergeTag tag();

    /** The node without its merge tag: what remains once files are merged. */
    YamlNode untagged();

    /** What the node is, for errors: "a mapping", "a list", "a string", "null". */
    String kind();

    /** Compose's merge tags (13-merge.md): {@code !reset} drops the value, {@code !override} replaces it whole. */
    enum MergeTag { NONE, RESET, OVERRIDE }

    record Mapping(Map<String, YamlNode> entries, String origin, MergeTag tag) implements YamlNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        static Mapping empty(String origin) {
            return new Mapping(Map.of(), origin, MergeTag.NONE);
        }

        Optional<YamlNode> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        @Override
        public Mapping untagged() {
            return new Mapping(entries, origin, MergeTag.NONE);
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }

    record Sequence(List<YamlNode> items, String origin, MergeTag tag) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public Sequence untagged() {
            return new Sequence(items, origin, MergeTag.NONE);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    record Scalar(String text, String origin, MergeTag tag) implements YamlNode {
        static Scalar of(String text, String origin) {
            return new Scalar(text, origin, MergeTag.NONE);
        }

        @Override
        public Scalar untagged() {
            return new Scalar(text, origin, MergeTag.NONE);
        }

        @Override
        public String kind() {
            return "a string";
        }
    }

    record Null(String origin, MergeTag tag) implements YamlNode {
        @Override
        public Null untagged() {
            return new Null(origin, MergeTag.NONE);
        }

        @Override
        public String kind() {
            return "null";
        }
    }
}
