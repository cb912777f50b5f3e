package dev.berth.build.dockerfile;

import dev.berth.common.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Variable substitution and quote removal as Docker's shell lexer does it (buildkit frontend/dockerfile/shell):
 * {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-word}}, {@code ${VAR-word}}, {@code ${VAR:+word}},
 * {@code ${VAR+word}}, {@code ${VAR:?msg}}, {@code ${VAR?msg}}; single quotes are literal, double quotes allow
 * substitution, and the escape character makes the next character literal (inside double quotes only before
 * {@code "}, {@code $} and itself). Unset variables become empty. This is not a shell: no globbing, no commands.
 */
public final class ShellWords {
    private final char escape;
    private final Function<String, Optional<String>> variables;
    private final boolean keepQuotes;
    private String text = "";
    private int pos;

    private ShellWords(char escape, Function<String, Optional<String>> variables, boolean keepQuotes) {
        this.escape = escape;
        this.variables = variables;
        this.keepQuotes = keepQuotes;
    }

    /** Substitutes into {@code word} and removes its quotes; whitespace is kept (Docker's ProcessWord). */
    public static String word(String word, char escape, Function<String, Optional<String>> variables) {
        return new ShellWords(escape, variables, false).single(word);
    }

    /** Substitutes only, keeping quotes and escapes: what a heredoc body without a quoted delimiter gets. */
    public static String expandOnly(String text, char escape, Function<String, Optional<String>> variables) {
        return new ShellWords(escape, variables, true).single(text);
    }

    /** Substitutes, then splits on unquoted whitespace (Docker's ProcessWords, used by EXPOSE). */
    public static List<String> words(String text, char escape, Function<String, Optional<String>> variables) {
        ShellWords lexer = new ShellWords(escape, variables, false);
        lexer.text = text;
        List<String> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inWord = false;
        while (lexer.pos < text.length()) {
            char c = text.charAt(lexer.pos);
            if (Character.isWhitespace(c)) {
                lexer.pos++;
                if (inWord) {
                    words.add(current.toString());
                    current.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            lexer.appendUnit(current, '\0');
        }
        if (inWord) {
            words.add(current.toString());
        }
        return words;
    }

    private String single(String word) {
        text = word;
        pos = 0;
        return until('\0');
    }

    /** Reads until {@code stop} (unquoted) or the end; {@code '\0'} means the end only. */
    private String until(char stop) {
        StringBuilder out = new StringBuilder();
        while (pos < text.length() && (stop == '\0' || text.charAt(pos) != stop)) {
            appendUnit(out, stop);
        }
        return out.toString();
    }

    /** Appends one lexical unit: a quoted string, a substitution, an escaped character or a plain one. */
    private void appendUnit(StringBuilder out, char stop) {
        char c = text.charAt(pos);
        if (c == '\'') {
            out.append(singleQuoted());
        } else if (c == '"') {
            out.append(doubleQuoted());
        } else if (c == '$') {
            out.append(dollar());
        } else if (c == escape) {
            pos++;
            if (keepQuotes) {
                out.append(c);
            }
            if (pos < text.length()) {
                out.append(text.charAt(pos++));
            }
        } else {
            out.append(c);
            pos++;
        }
    }

    private String singleQuoted() {
        int end = text.indexOf('\'', pos + 1);
        if (end < 0) {
            if (keepQuotes) {
                String rest = text.substring(pos);
                pos = text.length();
                return rest;
            }
            throw BerthException.invalid("unexpected end of statement while looking for matching single-quote in: " + text);
        }
        String inside = text.substring(pos + 1, end);
        pos = end + 1;
        return keepQuotes ? "'" + inside + "'" : inside;
    }

    private String doubleQuoted() {
        StringBuilder out = new StringBuilder(keepQuotes ? "\"" : "");
        pos++;
        while (true) {
            if (pos >= text.length()) {
                if (keepQuotes) {
                    return out.toString();
                }
                throw BerthException.invalid("unexpected end of statement while looking for matching double-quote in: " + text);
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return keepQuotes ? out.append('"').toString() : out.toString();
            }
            if (c == '$') {
                out.append(dollar());
                continue;
            }
            pos++;
            if (c == escape && pos < text.length()) {
                char next = text.charAt(pos);
                if (next == '"' || next == '$' || next == escape) {
                    if (keepQuotes) {
                        out.append(c);
                    }
                    c = next;
                    pos++;
                }
            }
            out.append(c);
        }
    }

    private String dollar() {
        pos++; // the '$'
        if (pos >= text.length()) {
            return "$";
        }
        if (text.charAt(pos) != '{') {
            String name = name();
            return name.isEmpty() ? "$" : variables.apply(name).orElse("");
        }
        pos++;
        String name = name();
        if (name.isEmpty()) {
            throw BerthException.invalid("bad substitution in: " + text + " (expected a variable name after ${)");
        }
        if (pos >= text.length()) {
            throw BerthException.invalid("missing '}' in: " + text);
        }
        char c = text.charAt(pos);
        if (c == '}') {
            pos++;
            return variables.apply(name).orElse("");
        }
        boolean colon = c == ':';
        if (colon) {
            pos++;
        }
        char modifier = pos < text.length() ? text.charAt(pos) : '\0';
        if (modifier != '-' && modifier != '+' && modifier != '?') {
            throw BerthException.invalid("unsupported modifier (" + (colon ? ":" : "") + modifier + ") in substitution: " + text);
        }
        pos++;
        String word = until('}');
        if (pos >= text.length()) {
            throw BerthException.invalid("missing '}' in: " + text);
        }
        pos++;
        Optional<String> value = variables.apply(name);
        boolean set = colon ? value.filter(v -> !v.isEmpty()).isPresent() : value.isPresent();
        return switch (modifier) {
            case '-' -> set ? value.orElseThrow() : word;
            case '+' -> set ? word : "";
            default -> {
                if (!set) {
                    throw BerthException.invalid(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                }
                yield value.orElseThrow();
            }
        };
    }

    /** A name: letters, digits and '_', or a run of digits (positional, always empty here). */
    private String name() {
        int start = pos;
        if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            return text.substring(start, pos);
        }
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        return text.substring(start, pos);
    }
}
