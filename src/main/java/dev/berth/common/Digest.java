package dev.berth.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest as the OCI image spec defines it; only sha256 is accepted. Printed as {@code sha256:<hex>}. */
public record Digest(String algorithm, String hex) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public Digest {
        if (!"sha256".equals(algorithm)) {
            throw BerthException.invalid("unsupported digest algorithm: " + algorithm + " (only sha256 is supported)");
        }
        if (hex == null || !HEX64.matcher(hex).matches()) {
            throw BerthException.invalid("invalid sha256 digest: " + hex + " (want 64 lowercase hex digits)");
        }
    }

    /** Parses {@code sha256:<64 hex>}. */
    public static Digest parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 0) {
            throw BerthException.invalid("invalid digest: " + text + " (want sha256:<64 hex digits>)");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static boolean isValid(String text) {
        return text != null && text.startsWith("sha256:") && HEX64.matcher(text.substring(7)).matches();
    }

    public static Digest sha256(byte[] data) {
        MessageDigest md = newSha256();
        return fromHash(md.digest(data));
    }

    public static Digest sha256(InputStream in) {
        MessageDigest md = newSha256();
        byte[] buf = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fromHash(md.digest());
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    public static Digest fromHash(byte[] hash) {
        return new Digest("sha256", HexFormat.of().formatHex(hash));
    }

    /** The first 12 hex digits, as Docker shows short ids. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
