package dev.berth.common;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random object ids in Docker's form: 64 lowercase hex digits, shown as their first 12. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        // Docker never hands out an all-digit short id, which would be ambiguous with numbers.
        return id.substring(0, 12).chars().allMatch(Character::isDigit) ? newId() : id;
    }

    public static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
