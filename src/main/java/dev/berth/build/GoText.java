package dev.berth.build;

import dev.berth.common.GoDuration;
import dev.berth.image.HealthConfig;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How Docker's legacy builder prints values into history ({@code created_by}): with Go's fmt verbs, {@code %q}
 * of a string slice is {@code ["a" "b"]}, {@code %v} is {@code [a b]}, and {@code HEALTHCHECK %q} prints the
 * struct ({@code &{["CMD-SHELL" "x"] "5s" "0s" "0s" "0s" '\x02'}}). Matching it keeps {@code docker history}
 * of a Berth build reading as Docker's does.
 */
final class GoText {
    private GoText() {}

    /** {@code %q} of a []string. */
    static String quotedList(List<String> values) {
        return values.stream().map(GoText::quote).collect(Collectors.joining(" ", "[", "]"));
    }

    /** {@code %v} of a []string. */
    static String plainList(List<String> values) {
        return "[" + String.join(" ", values) + "]";
    }

    /** {@code %q} of a *container.HealthConfig (Test, Interval, Timeout, StartPeriod, StartInterval, Retries). */
    static String healthcheck(HealthConfig h) {
        return "&{" + quotedList(h.test()) + " " + quotedDuration(h.interval()) + " " + quotedDuration(h.timeout()) + " "
                + quotedDuration(h.startPeriod()) + " " + quotedDuration(h.startInterval()) + " " + quoteRune(h.retries()) + "}";
    }

    /** Go's strconv.Quote for the characters Dockerfiles hold. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c < 0x20 || c == 0x7f ? "\\x%02x".formatted((int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    private static String quotedDuration(long nanos) {
        return "\"" + GoDuration.format(Duration.ofNanos(nanos)) + "\"";
    }

    /** {@code %q} of an int is the rune it codes: {@code '\x02'} for 2, {@code 'A'} for 65. */
    private static String quoteRune(int value) {
        if (value >= 0x20 && value < 0x7f) {
            return value == '\'' || value == '\\' ? "'\\" + (char) value + "'" : "'" + (char) value + "'";
        }
        return value < 0x80 ? "'\\x%02x'".formatted(value) : "'\\u%04x'".formatted(value);
    }
}
