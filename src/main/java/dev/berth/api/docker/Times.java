package dev.berth.api.docker;

import dev.berth.common.BerthException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/** Docker's time query values: unix seconds with optional fractions ({@code 1700000000.5}), or RFC 3339. */
final class Times {
    private Times() {}

    static Optional<Instant> parse(Optional<String> value, String param) {
        if (value.isEmpty() || value.get().isEmpty() || value.get().equals("0")) {
            return Optional.empty();
        }
        String v = value.get();
        try {
            if (v.matches("\\d+(\\.\\d+)?")) {
                BigDecimal d = new BigDecimal(v);
                long secs = d.longValue();
                long nanos = d.subtract(BigDecimal.valueOf(secs)).movePointRight(9).longValue();
                return Optional.of(Instant.ofEpochSecond(secs, nanos));
            }
            return Optional.of(Instant.parse(v));
        } catch (RuntimeException e) {
            throw BerthException.invalid("invalid value for " + param + ": '" + v + "' (want unix seconds or RFC 3339)");
        }
    }
}
