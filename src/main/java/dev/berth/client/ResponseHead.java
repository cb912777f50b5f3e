package dev.berth.client;

import dev.berth.common.BerthException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An HTTP/1.1 status line and headers (RFC 9112 §4–5); header names are matched case-insensitively. */
public record ResponseHead(int status, String reason, Map<String, List<String>> headers) {
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;

    public ResponseHead {
        if (status < 100 || status > 999) {
            throw BerthException.internal("invalid HTTP status from the daemon: " + status);
        }
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        headers = java.util.Collections.unmodifiableMap(copy);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name)).filter(v -> !v.isEmpty()).map(List::getFirst);
    }

    public boolean isChunked() {
        return header("Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false);
    }

    public Optional<Long> contentLength() {
        try {
            return header("Content-Length").map(String::trim).map(Long::parseLong);
        } catch (NumberFormatException e) {
            throw BerthException.internal("invalid Content-Length from the daemon: " + header("Content-Length").orElse(""));
        }
    }

    /** Reads the head and leaves {@code in} positioned at the first body byte. */
    public static ResponseHead read(InputStream in) throws IOException {
        String statusLine = readLine(in).orElseThrow(() ->
                BerthException.internal("the daemon closed the connection without answering"));
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw BerthException.internal("malformed HTTP status line from the daemon: '" + statusLine + "'");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw BerthException.internal("malformed HTTP status line from the daemon: '" + statusLine + "'");
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int count = 0; ; count++) {
            String line = readLine(in).orElseThrow(() -> BerthException.internal("the daemon closed the connection inside the HTTP headers"));
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || count >= MAX_HEADERS) {
                throw BerthException.internal("malformed HTTP header from the daemon: '" + line + "'");
            }
            headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
        return new ResponseHead(status, parts.length == 3 ? parts[2] : "", headers);
    }

    /** One CRLF- (or bare LF-) terminated line in ISO-8859-1; empty at end of stream before any byte. */
    static Optional<String> readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return Optional.of(new String(bytes, 0, end, StandardCharsets.ISO_8859_1));
            }
            if (line.size() >= MAX_LINE) {
                throw BerthException.internal("HTTP line from the daemon longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        if (line.size() > 0) {
            throw BerthException.internal("the daemon closed the connection in the middle of a line");
        }
        return Optional.empty();
    }
}
