package dev.berth.api.docker;

import dev.berth.common.BerthException;
import dev.berth.common.GoTime;
import java.time.Instant;
import java.util.Optional;

/** Docker's time query values: unix seconds with optional fractions ({@code 1700000000.5}), or RFC 3339. */
final class Times {
    private Times() {}

    /**
     * A prune's {@code until}: a time as {@link #parse} reads it, or a Go duration ({@code 10m}, {@code 24h}) before
     * {@code now}, as dockerd's timetypes.GetTimestamp reads it.
     */
    static Instant parseUntil(String value) {
        return dev.berth.common.GoDuration.parse(value).filter(d -> !value.equals("0")).map(d -> Instant.now().minus(d))
                .orElseGet(() -> parse(Optional.of(value), "until")
                        .orElseThrow(() -> BerthException.invalid("invalid value for until: '" + value + "'")));
    }

    static Optional<Instant> parse(Optional<String> value, String param) {
        if (value.isEmpty() || value.get().isEmpty() || value.get().equals("0")) {
            return Optional.empty();
        }
        String v = value.get();
        try {
            return Optional.of(GoTime.fromUnixSeconds(v).orElseGet(() -> Instant.parse(v)));
        } catch (RuntimeException e) {
            throw BerthException.invalid("invalid value for " + param + ": '" + v + "' (want unix seconds or RFC 3339)");
        }
    }
}
