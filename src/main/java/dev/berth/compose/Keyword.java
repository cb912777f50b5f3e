package dev.berth.compose;

import java.util.Locale;

/** A constant of a closed set that Compose files spell as a word, such as {@code stop-first} or {@code on-failure}. */
public interface Keyword {
    String name();

    /** How a compose file writes the constant: its name in lower case with '-' for '_' unless the set says otherwise. */
    default String keyword() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
