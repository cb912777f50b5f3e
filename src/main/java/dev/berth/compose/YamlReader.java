package dev.berth.compose;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one compose file into {@link YamlNode}s with SnakeYAML's composer (the parser jackson-dataformat-yaml wraps,
 * used directly because Jackson's token stream loses anchors on scalars): anchors and aliases resolved, merge keys
 * ({@code <<: *base}) applied with the mapping's own keys winning, Compose's {@code !reset} and {@code !override}
 * tags kept, duplicate keys rejected.
 */
final class YamlReader {
    /** Aliases are copied; this bounds what a file of nested aliases ("billion laughs") can expand to. */
    private static final int MAX_NODES = 200_000;
    private static final int MAX_DEPTH = 200;

    private final String origin;
    private int nodes;

    private YamlReader(String origin) {
        this.origin = origin;
    }

    /** Reads {@code file}; {@code origin} is how errors name it. */
    static YamlNode.Mapping read(Path file, String origin) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw BerthException.invalid(origin + ": no such compose file");
        } catch (MalformedInputException e) {
            throw BerthException.invalid(origin + ": the file is not valid UTF-8");
        } catch (IOException e) {
            throw BerthException.invalid(origin + ": cannot read the file: " + e.getMessage());
        }
        return parse(text, origin);
    }

    static YamlNode.Mapping parse(String text, String origin) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            String where = e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1) + ", column "
                    + (e.getProblemMark().getColumn() + 1);
            String context = e.getContext() == null ? "" : e.getContext() + ", ";
            throw BerthException.invalid(origin + ": invalid YAML" + where + ": " + context + e.getProblem());
        } catch (YAMLException e) {
            throw BerthException.invalid(origin + ": invalid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw BerthException.invalid(origin + ": the file is empty; a compose file needs at least a services: section");
        }
        YamlNode node = new YamlReader(origin).convert(root, 0);
        if (!(node instanceof YamlNode.Mapping mapping)) {
            throw BerthException.invalid(origin + ": the top level must be a mapping (services:, networks:, ...), not " + node.kind());
        }
        return mapping;
    }

    private YamlNode convert(Node node, int depth) {
        if (++nodes > MAX_NODES || depth > MAX_DEPTH) {
            throw invalid(node, "the document nests or repeats (through aliases) too much");
        }
        YamlNode.MergeTag tag = mergeTag(node);
        return switch (node) {
            case ScalarNode scalar -> scalar.getTag().equals(Tag.NULL)
                    ? new YamlNode.Null(origin, tag)
                    : new YamlNode.Scalar(scalar.getValue(), origin, tag);
            case SequenceNode sequence -> {
                List<YamlNode> items = new ArrayList<>();
                sequence.getValue().forEach(item -> items.add(convert(item, depth + 1)));
                yield new YamlNode.Sequence(items, origin, tag);
            }
            case MappingNode mapping -> new YamlNode.Mapping(entries(mapping, depth), origin, tag);
            default -> throw invalid(node, "unexpected YAML node " + node.getNodeId());
        };
    }

    /** The mapping's entries, then whatever its merge keys bring that it does not set itself (YAML's merge key type). */
    private Map<String, YamlNode> entries(MappingNode mapping, int depth) {
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        List<Node> merged = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw invalid(tuple.getKeyNode(), "mapping keys must be plain strings");
            }
            if (key.getTag().equals(Tag.MERGE)) {
                merged.add(tuple.getValueNode());
            } else if (entries.putIfAbsent(key.getValue(), convert(tuple.getValueNode(), depth + 1)) != null) {
                throw invalid(key, "duplicate key \"" + key.getValue() + "\"");
            }
        }
        for (Node source : merged) {
            List<Node> sources = source instanceof SequenceNode list ? list.getValue() : List.of(source);
            for (Node one : sources) {
                if (!(one instanceof MappingNode)) {
                    throw invalid(one, "a merge key (<<) takes a mapping or a list of mappings");
                }
                if (convert(one, depth + 1) instanceof YamlNode.Mapping base) {
                    base.entries().forEach(entries::putIfAbsent);
                }
            }
        }
        return entries;
    }

    private YamlNode.MergeTag mergeTag(Node node) {
        String tag = node.getTag().getValue();
        if (tag.equals("!reset")) {
            return YamlNode.MergeTag.RESET;
        }
        if (tag.equals("!override")) {
            return YamlNode.MergeTag.OVERRIDE;
        }
        if (tag.startsWith(Tag.PREFIX)) {
            return YamlNode.MergeTag.NONE;
        }
        throw invalid(node, "unknown YAML tag " + tag + " (Compose knows !reset and !override)");
    }

    private BerthException invalid(Node node, String message) {
        return BerthException.invalid(origin + ": line " + (node.getStartMark().getLine() + 1) + ": " + message);
    }
}
