package dev.berth.engine;

import dev.berth.common.BerthException;
import java.util.Locale;
import java.util.Map;

/** Signal names and numbers as Linux (x86_64) and Docker's {@code --signal} spell them. */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("TRAP", 5),
            Map.entry("ABRT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10),
            Map.entry("SEGV", 11), Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
            Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19), Map.entry("TSTP", 20),
            Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23), Map.entry("XCPU", 24), Map.entry("XFSZ", 25),
            Map.entry("VTALRM", 26), Map.entry("PROF", 27), Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("PWR", 30),
            Map.entry("SYS", 31));

    private Signals() {}

    /** Parses {@code KILL}, {@code SIGKILL}, {@code sigkill} or {@code 9}; "" gives {@code fallback}. */
    public static int parse(String text, int fallback) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        if (text.matches("\\d+")) {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= 64) {
                return n;
            }
        } else {
            String name = text.toUpperCase(Locale.ROOT);
            Integer n = NUMBERS.get(name.startsWith("SIG") ? name.substring(3) : name);
            if (n != null) {
                return n;
            }
        }
        throw BerthException.invalid("Invalid signal: " + text); // moby/sys/signal's words
    }
}
