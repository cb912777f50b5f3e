package dev.berth.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Expands one file's short syntaxes to Compose's long forms before files are merged, since merging works on the
 * expanded form (02-model.md): {@code KEY=VAL} lists become mappings, short ports and volumes become long entries,
 * network and {@code depends_on} lists become mappings, config and secret names become entries with their target,
 * a {@code build} string becomes its context, a single {@code env_file} or {@code tmpfs} becomes a list. Other keys
 * are left for {@link ProjectReader} to check.
 */
final class ShortSyntax {
    private ShortSyntax() {}

    static YamlNode.Mapping expand(YamlNode.Mapping file) {
        if (!(file.entries().get("services") instanceof YamlNode.Mapping services)) {
            return file;
        }
        KeyPath root = KeyPath.root(file.origin());
        KeyPath servicesAt = root.key("services", services);
        Map<String, YamlNode> expanded = new LinkedHashMap<>();
        services.entries().forEach((name, service) -> expanded.put(name, service instanceof YamlNode.Mapping mapping
                ? service(mapping, servicesAt.key(name, mapping)) : service));
        return with(file, "services", new YamlNode.Mapping(expanded, services.origin(), services.tag()));
    }

    private static YamlNode.Mapping service(YamlNode.Mapping service, KeyPath at) {
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        service.entries().forEach((key, value) -> {
            KeyPath keyAt = at.key(key, value);
            entries.put(key, switch (key) {
                case "environment" -> keyValues(value, keyAt, true);
                case "labels" -> keyValues(value, keyAt, false);
                case "build" -> build(value, keyAt);
                case "deploy" -> value instanceof YamlNode.Mapping deploy && deploy.entries().containsKey("labels")
                        ? with(deploy, "labels", keyValues(deploy.entries().get("labels"), keyAt.key("labels", deploy), false)) : value;
                case "ports" -> items(value, keyAt, ShortSyntax::port);
                case "volumes" -> items(value, keyAt, ShortSyntax::volume);
                case "configs" -> items(value, keyAt, (item, itemAt) -> List.of(fileMount(item, "/")));
                case "secrets" -> items(value, keyAt, (item, itemAt) -> List.of(fileMount(item, "/run/secrets/")));
                case "networks" -> names(value, keyAt, name -> new YamlNode.Null(name.origin(), YamlNode.MergeTag.NONE));
                case "depends_on" -> names(value, keyAt, name -> YamlNode.Mapping.empty(name.origin()));
                case "env_file", "tmpfs" -> value instanceof YamlNode.Scalar single
                        ? new YamlNode.Sequence(List.of(single.untagged()), single.origin(), single.tag()) : value;
                default -> value;
            });
        });
        return new YamlNode.Mapping(entries, service.origin(), service.tag());
    }

    /** A {@code KEY=VAL} list as a mapping; a bare {@code KEY} maps to null (environment, build args) or "" (labels). */
    static YamlNode keyValues(YamlNode node, KeyPath at, boolean bareIsNull) {
        return listToMapping(node, at, "a KEY=VALUE string", item -> {
            String[] keyValue = item.text().split("=", 2);
            return Map.entry(keyValue[0], keyValue.length == 2 ? YamlNode.Scalar.of(keyValue[1], item.origin())
                    : bareIsNull ? new YamlNode.Null(item.origin(), YamlNode.MergeTag.NONE) : YamlNode.Scalar.of("", item.origin()));
        });
    }

    private static YamlNode build(YamlNode node, KeyPath at) {
        if (node instanceof YamlNode.Scalar context) {
            return new YamlNode.Mapping(Map.of("context", context.untagged()), context.origin(), context.tag());
        }
        if (node instanceof YamlNode.Mapping build && build.entries().containsKey("args")) {
            return with(build, "args", keyValues(build.entries().get("args"), at.key("args", build), true));
        }
        return node;
    }

    /** A list whose string items expand to long-form entries; other items stay for the reader to check. */
    private static YamlNode items(YamlNode node, KeyPath at, Expansion expansion) {
        if (!(node instanceof YamlNode.Sequence list)) {
            return node;
        }
        List<YamlNode> items = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            KeyPath itemAt = at.index(i, item);
            items.addAll(item instanceof YamlNode.Scalar || item instanceof YamlNode.Mapping ? expansion.apply(item, itemAt) : List.of(item));
        }
        return new YamlNode.Sequence(items, list.origin(), list.tag());
    }

    private static List<YamlNode> port(YamlNode item, KeyPath at) {
        if (!(item instanceof YamlNode.Scalar spec)) {
            return List.of(item);
        }
        return at.check(() -> PortSyntax.parse(spec.text())).stream().<YamlNode>map(port -> {
            Map<String, YamlNode> entries = new LinkedHashMap<>();
            entries.put("host_ip", YamlNode.Scalar.of(port.hostIp(), item.origin()));
            entries.put("published", YamlNode.Scalar.of(port.published(), item.origin()));
            entries.put("target", YamlNode.Scalar.of(String.valueOf(port.target()), item.origin()));
            entries.put("protocol", YamlNode.Scalar.of(port.protocol(), item.origin()));
            return new YamlNode.Mapping(entries, item.origin(), YamlNode.MergeTag.NONE);
        }).toList();
    }

    /** {@code [source:]target[:ro|rw|nocopy]}: a source that is a path is a bind, another one names a volume. */
    private static List<YamlNode> volume(YamlNode item, KeyPath at) {
        if (!(item instanceof YamlNode.Scalar spec)) {
            return List.of(item);
        }
        String origin = item.origin();
        String[] parts = spec.text().split(":", -1);
        if (parts.length > 3 || parts[parts.length > 1 ? 1 : 0].isEmpty() || (parts.length > 1 && parts[0].isEmpty())) {
            throw at.invalid("invalid volume \"" + spec.text() + "\": use [source:]target[:ro|rw]");
        }
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        String source = parts.length > 1 ? parts[0] : "";
        boolean bind = source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
        entries.put("type", YamlNode.Scalar.of(bind ? "bind" : "volume", origin));
        entries.put("source", YamlNode.Scalar.of(source, origin));
        entries.put("target", YamlNode.Scalar.of(parts.length > 1 ? parts[1] : parts[0], origin));
        boolean readOnly = false;
        boolean noCopy = false;
        for (String option : parts.length == 3 ? parts[2].split(",") : new String[0]) {
            switch (option) {
                case "ro" -> readOnly = true;
                case "rw" -> readOnly = false;
                case "nocopy" -> noCopy = true;
                default -> throw at.invalid("volume option \"" + option + "\" is not supported by Berth yet (it knows ro, rw and nocopy)");
            }
        }
        entries.put("read_only", YamlNode.Scalar.of(String.valueOf(readOnly), origin));
        if (bind) {
            entries.put("bind", new YamlNode.Mapping(Map.of("create_host_path", YamlNode.Scalar.of("true", origin)), origin,
                    YamlNode.MergeTag.NONE));
        } else if (noCopy) {
            entries.put("volume", new YamlNode.Mapping(Map.of("nocopy", YamlNode.Scalar.of("true", origin)), origin, YamlNode.MergeTag.NONE));
        }
        return List.of(new YamlNode.Mapping(entries, origin, YamlNode.MergeTag.NONE));
    }

    /** A config or secret entry with its target: given, or {@code base + source}; a relative target is below {@code base}. */
    private static YamlNode fileMount(YamlNode item, String base) {
        YamlNode.Mapping mapping = item instanceof YamlNode.Scalar name
                ? new YamlNode.Mapping(Map.of("source", name), name.origin(), YamlNode.MergeTag.NONE) : (YamlNode.Mapping) item;
        YamlNode target = mapping.entries().get("target");
        if (target == null && mapping.entries().get("source") instanceof YamlNode.Scalar source) {
            return with(mapping, "target", YamlNode.Scalar.of(base + source.text(), source.origin()));
        }
        if (target instanceof YamlNode.Scalar relative && !relative.text().startsWith("/")) {
            return with(mapping, "target", YamlNode.Scalar.of(base + relative.text(), relative.origin()));
        }
        return mapping;
    }

    /** A list of names as a mapping from each name to {@code value}. */
    private static YamlNode names(YamlNode node, KeyPath at, Function<YamlNode, YamlNode> value) {
        return listToMapping(node, at, "a name", name -> Map.entry(name.text(), value.apply(name)));
    }

    /** A list of strings as a mapping, one entry per item; a node that is no list stays for the reader to check. */
    private static YamlNode listToMapping(YamlNode node, KeyPath at, String expected,
                                          Function<YamlNode.Scalar, Map.Entry<String, YamlNode>> entry) {
        if (!(node instanceof YamlNode.Sequence list)) {
            return node;
        }
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        for (int i = 0; i < list.items().size(); i++) {
            if (!(list.items().get(i) instanceof YamlNode.Scalar item)) {
                throw at.index(i, list.items().get(i)).invalid("expected " + expected + ", got " + list.items().get(i).kind());
            }
            Map.Entry<String, YamlNode> added = entry.apply(item);
            entries.put(added.getKey(), added.getValue());
        }
        return new YamlNode.Mapping(entries, list.origin(), list.tag());
    }

    private static YamlNode.Mapping with(YamlNode.Mapping mapping, String key, YamlNode value) {
        Map<String, YamlNode> entries = new LinkedHashMap<>(mapping.entries());
        entries.put(key, value);
        return new YamlNode.Mapping(entries, mapping.origin(), mapping.tag());
    }

    private interface Expansion {
        List<YamlNode> apply(YamlNode item, KeyPath at);
    }
}
