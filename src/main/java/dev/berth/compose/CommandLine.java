package dev.berth.compose;

import dev.berth.common.BerthException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the string form of {@code command} and {@code entrypoint} into words as Compose does (go-shellwords, no
 * variable expansion): blanks separate words, single quotes are literal, double quotes allow {@code \"}, {@code \\},
 * {@code \$} and {@code \`}, a backslash outside quotes takes the next character literally. No shell runs the
 * result, so unquoted shell operators are an error rather than words passed to the program.
 */
final class CommandLine {
    private static final String OPERATORS = ";&|<>`";

    private CommandLine() {}

    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\\' && i < text.length()) {
                word.append(text.charAt(i++));
            } else if (c == '\'') {
                int close = closing(text, i, '\'');
                word.append(text, i, close);
                i = close + 1;
            } else if (c == '"') {
                i = doubleQuoted(text, i, word);
            } else if (OPERATORS.indexOf(c) >= 0) {
                throw BerthException.invalid("\"" + text + "\" uses the shell operator " + c + ", but no shell runs the command;"
                        + " write it as [\"sh\", \"-c\", \"...\"]");
            } else {
                word.append(c);
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends a double-quoted part starting after its quote; returns the index after the closing quote. */
    private static int doubleQuoted(String text, int from, StringBuilder word) {
        int close = closing(text, from, '"');
        for (int i = from; i < close; i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < close && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
                c = text.charAt(++i);
            }
            word.append(c);
        }
        return close + 1;
    }

    private static int closing(String text, int from, char quote) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == quote) {
                return i;
            }
            if (quote == '"' && text.charAt(i) == '\\') {
                i++;
            }
        }
        throw BerthException.invalid("\"" + text + "\" has an unclosed " + quote + " quote");
    }
}
