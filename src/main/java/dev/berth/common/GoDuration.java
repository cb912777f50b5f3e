package dev.berth.common;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.ParseDuration} for the non-negative durations Docker's users write ({@code 30s}, {@code 1m30s},
 * {@code 1.5h}, {@code 500ms}): the CLI's {@code --since 10m} and the Dockerfile's {@code HEALTHCHECK --interval}.
 */
public final class GoDuration {
    private static final Pattern WHOLE = Pattern.compile("((\\d+(\\.\\d+)?)(ns|us|µs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {}

    /** Go's Duration.String(): "0s", "500ms", "1.5µs", "1m30s", "1h0m0s". */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000_000_000L) {
            String[] units = {"ns", "µs", "ms"};
            int unit = nanos < 1_000 ? 0 : nanos < 1_000_000 ? 1 : 2;
            return decimal(BigDecimal.valueOf(nanos).movePointLeft(3 * unit)) + units[unit];
        }
        long hours = nanos / 3_600_000_000_000L;
        long minutes = nanos / 60_000_000_000L % 60;
        String seconds = decimal(BigDecimal.valueOf(nanos % 60_000_000_000L).movePointLeft(9)) + "s";
        return hours > 0 ? hours + "h" + minutes + "m" + seconds : minutes > 0 ? minutes + "m" + seconds : seconds;
    }

    private static String decimal(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    /** The duration {@code text} writes, or empty when it is not one ("0" is zero, as in Go). */
    public static Optional<Duration> parse(String text) {
        if (text.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (!WHOLE.matcher(text).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            BigDecimal amount = new BigDecimal(m.group(1));
            long nanosPerUnit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.plusNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValue());
        }
        return Optional.of(total);
    }
}
