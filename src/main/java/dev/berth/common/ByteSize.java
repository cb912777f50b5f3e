package dev.berth.common;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Docker's human sizes ({@code 512m}, {@code 1.5g}, {@code 100000}): binary units, case-insensitive, optional b. */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?b)?");

    private ByteSize() {}

    /** Parses a size; {@code what} names the flag in the error, e.g. "--memory". */
    public static long parse(String text, String what) {
        Matcher m = SIZE.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw BerthException.invalid("invalid size for " + what + ": '" + text + "' (examples: 512m, 1g, 1048576)");
        }
        double value = Double.parseDouble(m.group(1));
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            case "p" -> 50;
            default -> 0;
        };
        double bytes = value * (1L << shift);
        if (bytes >= Long.MAX_VALUE) {
            throw BerthException.invalid("size for " + what + " is too large: '" + text + "'");
        }
        return (long) bytes;
    }

    /** Docker's {@code units.HumanSize}: decimal units with three significant digits, e.g. "4.2MB". */
    public static String human(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int i = 0;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        String num = new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
        return num + units[i];
    }
}
