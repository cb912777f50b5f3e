package dev.berth.compose;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Compose's environment files ({@code .env} and a service's {@code env_file}), as its "env file syntax" page
 * describes them, which differs from {@code docker run --env-file} (cli/EnvFile: verbatim values): one
 * {@code KEY=VAL} or {@code KEY: VAL} a statement, an optional {@code export } prefix, blanks around key and value
 * ignored, {@code #} comment lines, inline comments after unquoted values when preceded by a blank; single quotes
 * literal ({@code \'} escapes one), double quotes with {@code \n \r \t \\ \"} escapes, both may span lines;
 * unquoted and double-quoted values are interpolated with the variables given and those defined above them.
 * A bare {@code KEY} takes the given variable's value and is dropped when that is unset.
 */
final class DotEnv {
    private final String text;
    private final String source;
    private final Function<String, Optional<String>> variables;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Interpolation interpolation;
    private int pos;
    private int line = 1;

    private DotEnv(String text, String source, Function<String, Optional<String>> variables, Consumer<String> warnings) {
        this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
        this.source = source;
        this.variables = variables;
        this.interpolation = new Interpolation(name -> variables.apply(name).or(() -> Optional.ofNullable(values.get(name))), warnings);
    }

    /** Reads {@code file}, which errors call {@code source}; the result keeps the file's order. */
    static Map<String, String> read(Path file, String source, Function<String, Optional<String>> variables, Consumer<String> warnings) {
        try {
            return parse(Files.readString(file), source, variables, warnings);
        } catch (NoSuchFileException e) {
            throw BerthException.invalid("env file " + source + " not found");
        } catch (MalformedInputException e) {
            throw BerthException.invalid("env file " + source + " is not valid UTF-8");
        } catch (IOException e) {
            throw BerthException.invalid("cannot read env file " + source + ": " + e.getMessage());
        }
    }

    static Map<String, String> parse(String text, String source, Function<String, Optional<String>> variables, Consumer<String> warnings) {
        return new DotEnv(text, source, variables, warnings).statements();
    }

    private Map<String, String> statements() {
        while (skipBlankLines()) {
            if (peek() == '#') {
                skipRestOfLine();
                continue;
            }
            if (text.startsWith("export", pos) && pos + 6 < text.length() && isBlank(text.charAt(pos + 6))) {
                pos += 6;
                skipBlanks();
            }
            String key = key();
            skipBlanks();
            if (atLineEnd()) {
                variables.apply(key).ifPresent(value -> values.put(key, value));
                continue;
            }
            if (peek() != '=' && peek() != ':') {
                throw invalid("expected = after the variable name " + key);
            }
            pos++;
            skipBlanks();
            String value = value();
            values.put(key, value);
        }
        return Collections.unmodifiableMap(values);
    }

    private String key() {
        int start = pos;
        while (pos < text.length() && !atLineEnd() && peek() != '=' && peek() != ':' && !isBlank(peek())) {
            char c = peek();
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) {
                throw invalid("unexpected character '" + c + "' in a variable name");
            }
            pos++;
        }
        return text.substring(start, pos);
    }

    private String value() {
        char quote = pos < text.length() ? peek() : '\0';
        if (quote != '\'' && quote != '"') {
            int end = text.indexOf('\n', pos);
            String raw = text.substring(pos, end < 0 ? text.length() : end);
            pos += raw.length();
            int comment = inlineComment(raw);
            return interpolate(raw.substring(0, comment).strip());
        }
        int valueLine = line;
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) {
                line = valueLine;
                throw invalid("the value's " + quote + " quote is not closed");
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                break;
            }
            if (c == '\n') {
                line++;
            }
            if (c == '\\' && pos < text.length()) {
                char escaped = text.charAt(pos);
                String replacement = quote == '\'' ? (escaped == '\'' ? "'" : null) : switch (escaped) {
                    case 'n' -> "\n";
                    case 'r' -> "\r";
                    case 't' -> "\t";
                    case '\\' -> "\\";
                    case '"' -> "\"";
                    default -> null;
                };
                if (replacement != null) {
                    value.append(replacement);
                    pos++;
                    continue;
                }
            }
            value.append(c);
        }
        skipBlanks();
        if (!atLineEnd() && peek() != '#') {
            throw invalid("unexpected text after the quoted value");
        }
        skipRestOfLine();
        return quote == '"' ? interpolate(value.toString()) : value.toString();
    }

    private String interpolate(String value) {
        try {
            return interpolation.text(value);
        } catch (BerthException e) {
            throw invalid(e.getMessage());
        }
    }

    /** Where an unquoted value's comment starts: a # at the start or after a blank. */
    private static int inlineComment(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '#' && (i == 0 || isBlank(raw.charAt(i - 1)))) {
                return i;
            }
        }
        return raw.length();
    }

    /** Skips blanks and empty lines; false at the end of the text. */
    private boolean skipBlankLines() {
        while (pos < text.length() && Character.isWhitespace(peek())) {
            if (peek() == '\n') {
                line++;
            }
            pos++;
        }
        return pos < text.length();
    }

    private void skipBlanks() {
        while (pos < text.length() && isBlank(peek())) {
            pos++;
        }
    }

    private void skipRestOfLine() {
        while (pos < text.length() && peek() != '\n') {
            pos++;
        }
    }

    private boolean atLineEnd() {
        return pos >= text.length() || peek() == '\n';
    }

    private char peek() {
        return text.charAt(pos);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f';
    }

    private BerthException invalid(String message) {
        return BerthException.invalid("env file " + source + " line " + line + ": " + message);
    }
}
