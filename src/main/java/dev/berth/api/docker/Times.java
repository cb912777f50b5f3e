package dev.berth.api.docker;

import dev.berth.common.BerthException;
import dev.berth.common.GoTime;
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
            return Optional.of(GoTime.fromUnixSeconds(v).orElseGet(() -> Instant.parse(v)));
        } catch (RuntimeException e) {
            throw BerthException.invalid("invalid value for " + param + ": '" + v + "' (want unix seconds or RFC 3339)");
        }
    }
}
