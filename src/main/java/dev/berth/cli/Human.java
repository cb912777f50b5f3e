package dev.berth.cli;

import dev.berth.common.ByteSize;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;

/** Docker's human units (github.com/docker/go-units): durations, decimal sizes and binary sizes. */
final class Human {
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Human() {}

    /** {@code units.HumanDuration}: "Less than a second", "5 seconds", "About a minute", "3 hours", "2 weeks". */
    static String duration(Duration d) {
        long seconds = d.toSeconds();
        long minutes = d.toMinutes();
        long hours = Math.round(d.toMillis() / 3_600_000.0);
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        } else if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        } else if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return hours / 24 / 365 + " years";
    }

    /** The CREATED column: "2 minutes ago". */
    static String ago(Instant then, Instant now) {
        return duration(Duration.between(then, now)) + " ago";
    }

    /** {@code units.HumanSizeWithPrecision(n, 3)}: "4.26MB". */
    static String decimalSize(long bytes) {
        return ByteSize.human(bytes);
    }

    /** {@code units.BytesSize}: Go's {@code %.4g} of binary units, "1.984MiB", "64MiB". */
    static String binarySize(double bytes) {
        double v = bytes;
        int i = 0;
        while (v >= 1024 && i < BINARY.length - 1) {
            v /= 1024;
            i++;
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString() + BINARY[i];
    }
}
