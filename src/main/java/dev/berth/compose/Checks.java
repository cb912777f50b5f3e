package dev.berth.compose;

import dev.berth.common.BerthException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** The checks and copies the model's records share. */
final class Checks {
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    /** Compose's names of services, networks, volumes, configs and secrets (the schema's property pattern). */
    private static final Pattern RESOURCE_NAME = Pattern.compile("[a-zA-Z0-9._-]+");

    private Checks() {}

    /** An unmodifiable copy that keeps the order, without null keys or values. */
    static <V> Map<String, V> orderedCopy(Map<String, V> map) {
        Map<String, V> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(Objects.requireNonNull(key), Objects.requireNonNull(value, key)));
        return Collections.unmodifiableMap(copy);
    }

    static String absolutePath(String path, String what) {
        if (!path.startsWith("/")) {
            throw BerthException.invalid(what + " \"" + path + "\" must be an absolute path");
        }
        return path;
    }

    static Duration notNegative(Duration duration, String what) {
        if (duration.isNegative()) {
            throw BerthException.invalid(what + " must not be negative");
        }
        return duration;
    }

    static boolean isIpv4(String text) {
        return IPV4.matcher(text).matches();
    }

    static boolean isIpAddress(String text) {
        return isIpv4(text) || IPV6.matcher(text).matches();
    }

    static String resourceName(String name, String what) {
        if (!RESOURCE_NAME.matcher(name).matches()) {
            throw BerthException.invalid(what + " name \"" + name + "\" may only contain letters, digits, '.', '_' and '-'");
        }
        return name;
    }
}
