package dev.berth.common;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Timestamps as Go's {@code time.RFC3339Nano} writes them: fractional seconds without trailing zeros
 * ({@code .12Z}, where Java's {@code Instant.toString} writes {@code .120Z}). Image configs must be byte-for-byte
 * what Go tools (docker, skopeo, podman) would write back, or a re-encoded config gets another digest.
 */
public final class GoTime {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private GoTime() {}

    public static String rfc3339Nano(Instant t) {
        String base = SECONDS.format(t);
        if (t.getNano() == 0) {
            return base + "Z";
        }
        String fraction = String.format("%09d", t.getNano()).replaceFirst("0+$", "");
        return base + "." + fraction + "Z";
    }

    /** Docker's "unix seconds" time values, {@code 1700000000} or {@code 1700000000.5}; empty for anything else. */
    public static Optional<Instant> fromUnixSeconds(String text) {
        if (!text.matches("\\d+(\\.\\d+)?")) {
            return Optional.empty();
        }
        BigDecimal seconds = new BigDecimal(text);
        return Optional.of(Instant.ofEpochSecond(seconds.longValue(),
                seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue()));
    }
}
