package dev.berth.compose;

import dev.berth.common.BerthException;
import java.util.Locale;

/** A constant of a closed set that Compose files spell as a word, such as {@code stop-first} or {@code on-failure}. */
public interface Keyword {
    String name();

    /** How a compose file writes the constant: its name in lower case with '-' for '_' unless the set says otherwise. */
    default String keyword() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A closed set's constant from its spelling, e.g. "stop-first"; the error names {@code what} and lists the allowed ones. */
    static <E extends Enum<E> & Keyword> E parse(Class<E> type, String text, String what) {
        for (E constant : type.getEnumConstants()) {
            if (constant.keyword().equals(text)) {
                return constant;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            allowed.append(allowed.isEmpty() ? "" : ", ").append(constant.keyword());
        }
        throw BerthException.invalid("invalid " + what + " \"" + text + "\": use one of " + allowed);
    }
}
