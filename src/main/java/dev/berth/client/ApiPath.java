package dev.berth.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request target built from a template and query parameters, with names percent-encoded. Image names keep
 * their {@code /} and {@code :} because the daemon routes {@code /images/{name*}} greedily, as dockerd does.
 */
public final class ApiPath {
    private final String path;
    private final List<String> query = new ArrayList<>();

    private ApiPath(String path) {
        this.path = path;
    }

    /** {@code ApiPath.of("/containers/%s/logs", name)}: each argument is encoded as a path segment. */
    public static ApiPath of(String template, String... names) {
        Object[] encoded = new Object[names.length];
        for (int i = 0; i < names.length; i++) {
            encoded[i] = encodeSegment(names[i]);
        }
        return new ApiPath(template.formatted(encoded));
    }

    public ApiPath param(String name, String value) {
        query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        return this;
    }

    /** Adds {@code name=1} when {@code on}; Docker treats an absent boolean as false. */
    public ApiPath flag(String name, boolean on) {
        return on ? param(name, "1") : this;
    }

    public String path() {
        return path;
    }

    @Override
    public String toString() {
        return query.isEmpty() ? path : path + "?" + String.join("&", query);
    }

    static String encodeSegment(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:/@".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
