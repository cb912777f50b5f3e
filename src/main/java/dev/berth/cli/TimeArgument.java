package dev.berth.cli;

import dev.berth.common.BerthException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --since}/{@code --until} as Docker reads them (api/types/time): unix seconds, RFC 3339 (with or without
 * a zone, then local time), a date, or a Go duration before now ({@code 10m}, {@code 1h30m}); sent to the daemon
 * as {@code seconds.nanoseconds}.
 */
final class TimeArgument {
    private static final Pattern DURATION = Pattern.compile("((\\d+(\\.\\d+)?)(ns|us|µs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private TimeArgument() {}

    static String parse(String value, Instant now, String flag) {
        Instant at = instant(value.trim(), now, flag);
        return at.getEpochSecond() + "." + String.format("%09d", at.getNano());
    }

    static Instant instant(String value, Instant now, String flag) {
        if (value.matches("\\d+(\\.\\d+)?")) {
            BigDecimal seconds = new BigDecimal(value);
            return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        if (DURATION.matcher(value).matches()) {
            return now.minus(duration(value));
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notWithZone) {
            try {
                return LocalDateTime.parse(value).atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(value).atStartOfDay(ZoneId.systemDefault()).toInstant();
                } catch (DateTimeParseException e) {
                    throw BerthException.invalid("invalid value for " + flag + ": '" + value
                            + "' (want a timestamp such as 2024-05-01T13:00:00Z, unix seconds, or a duration such as 10m)");
                }
            }
        }
    }

    static Duration duration(String value) {
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(value);
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
        return total;
    }
}
