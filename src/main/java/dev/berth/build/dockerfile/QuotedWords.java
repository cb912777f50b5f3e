package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into words on whitespace outside quotes, keeping the quotes and escapes in the words (buildkit's
 * parseWords): ENV, LABEL and ARG split their pairs this way before substitution removes the quotes.
 */
final class QuotedWords {
    private QuotedWords() {}

    static List<String> split(String text, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
            if (c == escape && quote != '\'') {
                if (i + 1 == text.length()) {
                    continue; // an escape at the very end is dropped
                }
                word.append(c);
                c = text.charAt(++i);
            }
            word.append(c);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
