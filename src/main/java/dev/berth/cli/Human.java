package dev.berth.cli;

import dev.berth.common.ByteSize;
import dev.berth.common.HumanDuration;
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
        return HumanDuration.of(d);
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
