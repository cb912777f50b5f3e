package dev.berth.compose;

import dev.berth.common.BerthException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Compose's variable interpolation (12-interpolation.md) in values, never in keys: {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-default}} and {@code ${VAR-default}}, {@code ${VAR:?message}} and {@code ${VAR?message}},
 * {@code ${VAR:+alt}} and {@code ${VAR+alt}}, nested ({@code ${A:-${B}}}), {@code $$} for a literal {@code $}.
 * The colon forms treat an empty value like an unset one. A {@code $} not followed by a name or a brace stays as
 * it is; an unset variable without a default becomes empty, with a warning. Quotes mean nothing here: unlike a
 * Dockerfile's shell words, a compose value is interpolated as one piece of text.
 */
final class Interpolation {
    private final Function<String, Optional<String>> variables;
    private final Consumer<String> warnings;

    Interpolation(Function<String, Optional<String>> variables, Consumer<String> warnings) {
        this.variables = variables;
        this.warnings = warnings;
    }

    /** Interpolates every string value of a file's tree; errors name the file and the key path. */
    YamlNode.Mapping apply(YamlNode.Mapping file) {
        return (YamlNode.Mapping) node(file, KeyPath.root(file.origin()));
    }

    private YamlNode node(YamlNode node, KeyPath at) {
        return switch (node) {
            case YamlNode.Scalar scalar -> new YamlNode.Scalar(at.check(() -> text(scalar.text())), scalar.origin(), scalar.tag());
            case YamlNode.Sequence sequence -> {
                List<YamlNode> items = new ArrayList<>();
                for (int i = 0; i < sequence.items().size(); i++) {
                    YamlNode item = sequence.items().get(i);
                    items.add(node(item, at.index(i, item)));
                }
                yield new YamlNode.Sequence(items, sequence.origin(), sequence.tag());
            }
            case YamlNode.Mapping mapping -> {
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                mapping.entries().forEach((key, value) -> entries.put(key, node(value, at.key(key, value))));
                yield new YamlNode.Mapping(entries, mapping.origin(), mapping.tag());
            }
            case YamlNode.Null nothing -> nothing;
        };
    }

    /** Interpolates one value; a bad expression or a missing required variable is a BerthException of kind invalid. */
    String text(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
            if (c != '$') {
                out.append(c);
                i++;
            } else if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int close = closingBrace(text, i + 2);
                out.append(braced(text.substring(i + 2, close), text));
                i = close + 1;
            } else if (isNameStart(next)) {
                int end = nameEnd(text, i + 1);
                out.append(value(text.substring(i + 1, end)));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String braced(String expression, String text) {
        int end = expression.isEmpty() || !isNameStart(expression.charAt(0)) ? 0 : nameEnd(expression, 0);
        if (end == 0) {
            throw invalidFormat(text);
        }
        String name = expression.substring(0, end);
        String rest = expression.substring(end);
        if (rest.isEmpty()) {
            return value(name);
        }
        boolean colon = rest.startsWith(":");
        String operator = colon ? rest.substring(1, Math.min(2, rest.length())) : rest.substring(0, 1);
        String operand = rest.substring(colon ? 2 : 1);
        Optional<String> current = variables.apply(name).filter(v -> !colon || !v.isEmpty());
        return switch (operator) {
            case "-" -> current.orElseGet(() -> text(operand));
            case "+" -> current.isPresent() ? text(operand) : "";
            case "?" -> current.orElseThrow(() -> {
                String message = text(operand);
                return BerthException.invalid("required variable " + name + " is missing a value"
                        + (message.isEmpty() ? "" : ": " + message));
            });
            default -> throw invalidFormat(text);
        };
    }

    private String value(String name) {
        return variables.apply(name).orElseGet(() -> {
            warnings.accept("The \"" + name + "\" variable is not set. Defaulting to a blank string.");
            return "";
        });
    }

    /** The index of the brace closing the expression that starts at {@code from}, skipping nested ones. */
    private static int closingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && (text.charAt(i + 1) == '{' || text.charAt(i + 1) == '$')) {
                depth += text.charAt(i + 1) == '{' ? 1 : 0;
                i++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw BerthException.invalid("invalid interpolation format in \"" + text + "\": a ${ is not closed");
    }

    private static BerthException invalidFormat(String text) {
        return BerthException.invalid("invalid interpolation format in \"" + text
                + "\": use ${VAR}, ${VAR:-default}, ${VAR:?error} or ${VAR:+alternative}, and $$ for a literal $");
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static int nameEnd(String text, int from) {
        int i = from;
        while (i < text.length() && (isNameStart(text.charAt(i)) || (text.charAt(i) >= '0' && text.charAt(i) <= '9'))) {
            i++;
        }
        return i;
    }
}
