package dev.berth.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Merges expanded compose files as 13-merge.md says: mappings merge key by key with the later file winning, lists
 * append; {@code command}, {@code entrypoint} and {@code healthcheck.test} are replaced; {@code ports} (by host IP,
 * target, published port and protocol), {@code volumes}, {@code configs} and {@code secrets} (by target) replace
 * the entry with the same key and append the others; plain string items already present are not repeated.
 * A null adds nothing to a mapping ({@code networks: [front]} keeps front's aliases). {@code !reset} removes a value
 * and {@code !override} replaces it whole.
 */
final class ComposeMerge {
    private static final Set<String> REPLACED = Set.of("services.*.command", "services.*.entrypoint", "services.*.healthcheck.test");
    private static final Map<String, Function<YamlNode, String>> UNIQUE = Map.of(
            "services.*.ports", item -> text(item, "host_ip", "") + "|" + text(item, "target", "") + "|" + text(item, "published", "")
                    + "|" + text(item, "protocol", "tcp"),
            "services.*.volumes", item -> text(item, "target", ""),
            "services.*.configs", item -> text(item, "target", ""),
            "services.*.secrets", item -> text(item, "target", ""));

    private ComposeMerge() {}

    /** The files merged in order, merge tags applied and removed. */
    static YamlNode.Mapping merge(List<YamlNode.Mapping> files) {
        YamlNode.Mapping merged = YamlNode.Mapping.empty(files.getFirst().origin());
        for (YamlNode.Mapping file : files) {
            merged = mapping(merged, file, "");
        }
        return merged;
    }

    private static YamlNode.Mapping mapping(YamlNode.Mapping base, YamlNode.Mapping override, String schemaPath) {
        Map<String, YamlNode> entries = new LinkedHashMap<>(base.entries());
        override.entries().forEach((key, value) -> {
            String childPath = schemaPath.equals("services") ? "services.*" : schemaPath.isEmpty() ? key : schemaPath + "." + key;
            Optional<YamlNode> merged = value(Optional.ofNullable(entries.get(key)), value, childPath);
            merged.ifPresentOrElse(node -> entries.put(key, node), () -> entries.remove(key));
        });
        return new YamlNode.Mapping(entries, base.entries().isEmpty() ? override.origin() : base.origin(), YamlNode.MergeTag.NONE);
    }

    /** The merge of one value into what earlier files set; empty when the value resets it. */
    private static Optional<YamlNode> value(Optional<YamlNode> base, YamlNode override, String schemaPath) {
        if (override.tag() == YamlNode.MergeTag.RESET) {
            return Optional.empty();
        }
        if (base.isEmpty() || override.tag() == YamlNode.MergeTag.OVERRIDE || REPLACED.contains(schemaPath)) {
            return Optional.of(stripTags(override));
        }
        return Optional.of(switch (base.get()) {
            case YamlNode.Mapping baseMapping when override instanceof YamlNode.Mapping mapping -> mapping(baseMapping, mapping, schemaPath);
            case YamlNode.Mapping baseMapping when override instanceof YamlNode.Null -> baseMapping;
            case YamlNode.Sequence baseList when override instanceof YamlNode.Sequence list -> sequence(baseList, list, schemaPath);
            default -> stripTags(override);
        });
    }

    private static YamlNode.Sequence sequence(YamlNode.Sequence base, YamlNode.Sequence override, String schemaPath) {
        Function<YamlNode, String> uniqueKey = UNIQUE.get(schemaPath);
        List<YamlNode> items = new ArrayList<>(base.items());
        for (YamlNode item : override.items()) {
            YamlNode clean = stripTags(item);
            int same = -1;
            for (int i = 0; i < items.size() && same < 0; i++) {
                boolean equal = uniqueKey != null ? uniqueKey.apply(items.get(i)).equals(uniqueKey.apply(clean))
                        : clean instanceof YamlNode.Scalar scalar && items.get(i) instanceof YamlNode.Scalar existing
                                && existing.text().equals(scalar.text());
                same = equal ? i : -1;
            }
            if (same < 0) {
                items.add(clean);
            } else {
                items.set(same, clean);
            }
        }
        return new YamlNode.Sequence(items, base.origin(), YamlNode.MergeTag.NONE);
    }

    /** The node with merge tags applied below it, as merging it into nothing does. */
    private static YamlNode stripTags(YamlNode node) {
        return switch (node) {
            case YamlNode.Mapping mapping -> mapping(YamlNode.Mapping.empty(mapping.origin()), mapping.untagged(), "");
            case YamlNode.Sequence list -> new YamlNode.Sequence(list.items().stream()
                    .filter(item -> item.tag() != YamlNode.MergeTag.RESET).map(ComposeMerge::stripTags).toList(), list.origin(),
                    YamlNode.MergeTag.NONE);
            default -> node.untagged();
        };
    }

    private static String text(YamlNode item, String key, String fallback) {
        return item instanceof YamlNode.Mapping mapping && mapping.entries().get(key) instanceof YamlNode.Scalar scalar
                ? scalar.text() : fallback;
    }
}
