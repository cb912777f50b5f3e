package dev.berth.cli;

import dev.berth.common.BerthException;
import dev.berth.common.GoDuration;
import dev.berth.common.GoTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code --since}/{@code --until} as Docker reads them (api/types/time): unix seconds, RFC 3339 (with or without
 * a zone, then local time), a date, or a Go duration before now ({@code 10m}, {@code 1h30m}); sent to the daemon
 * as {@code seconds.nanoseconds}.
 */
final class TimeArgument {
    private TimeArgument() {}

    static String parse(String value, Instant now, String flag) {
        Instant at = instant(value.trim(), now, flag);
        return at.getEpochSecond() + "." + String.format("%09d", at.getNano());
    }

    static Instant instant(String value, Instant now, String flag) {
        Optional<Instant> unix = GoTime.fromUnixSeconds(value);
        if (unix.isPresent()) {
            return unix.get();
        }
        Optional<Duration> ago = GoDuration.parse(value);
        if (ago.isPresent()) {
            return now.minus(ago.get());
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
}
