package dev.berth.api.http;

import dev.berth.common.BerthException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Docker Engine API versions Berth serves: 1.24 up to 1.50 (Docker 28.2). */
public final class ApiVersions {
    public static final String CURRENT = "1.50";
    public static final String MINIMUM = "1.24";
    /** The Docker engine version whose API we follow; clients parse it from the Server header. */
    public static final String ENGINE_VERSION = "28.2.2";
    private static final Pattern VERSIONED = Pattern.compile("^/v(\\d+)\\.(\\d+)(/.*)$");

    private ApiVersions() {}

    /** A request path split into the API version asked for and the path below it. */
    public record Split(String version, String path) {}

    public static Split split(String rawPath) {
        Matcher m = VERSIONED.matcher(rawPath);
        if (!m.matches()) {
            return new Split(CURRENT, rawPath);
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        String version = major + "." + minor;
        if (compare(major, minor, 1, 50) > 0) {
            throw BerthException.invalid("client version " + version + " is too new. Maximum supported API version is " + CURRENT);
        }
        if (compare(major, minor, 1, 24) < 0) {
            throw BerthException.invalid("client version " + version + " is too old. Minimum supported API version is " + MINIMUM
                    + ", please upgrade your client to a newer version");
        }
        return new Split(version, m.group(3));
    }

    /** Whether {@code version} (as {@link Split#version} gives it) is older than {@code 1.minor}. */
    public static boolean before(String version, int minor) {
        String[] parts = version.split("\\.");
        return compare(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), 1, minor) < 0;
    }

    private static int compare(int major, int minor, int otherMajor, int otherMinor) {
        return major != otherMajor ? Integer.compare(major, otherMajor) : Integer.compare(minor, otherMinor);
    }
}
