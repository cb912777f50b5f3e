package dev.berth.common;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Docker's detach keys: a sequence typed into an attached session that leaves the container running and ends
 * the session ({@code ctrl-p,ctrl-q} unless {@code --detach-keys} says otherwise). A {@link Scanner} looks for it
 * in the typed stream, across reads, holding back a partial match until it is decided.
 */
public final class DetachKeys {
    public static final String DEFAULT = "ctrl-p,ctrl-q";

    private final String spec;
    private final byte[] sequence;

    private DetachKeys(String spec, byte[] sequence) {
        this.spec = spec;
        this.sequence = sequence;
    }

    /** The keys as they were given, for the {@code detachKeys} query parameter. */
    public String spec() {
        return spec;
    }

    /** Docker's format: comma-separated {@code a}-{@code z} letters and {@code ctrl-X} keys; "" means the default. */
    public static DetachKeys parse(String spec) {
        String text = spec == null || spec.isBlank() ? DEFAULT : spec;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String key : text.split(",")) {
            String k = key.strip().toLowerCase(Locale.ROOT);
            if (k.length() == 1 && k.charAt(0) >= 'a' && k.charAt(0) <= 'z') {
                out.write(k.charAt(0));
            } else if (k.matches("ctrl-[a-z@\\[\\\\\\]^_]")) {
                out.write(Character.toUpperCase(k.charAt(5)) - '@');
            } else {
                throw BerthException.invalid("invalid detach keys '" + spec + "': use letters and ctrl-<key>, comma-separated,"
                        + " e.g. " + DEFAULT);
            }
        }
        return new DetachKeys(text, out.toByteArray());
    }

    public Scanner scanner() {
        return new Scanner();
    }

    /** Splits a typed stream into what to pass on and the moment the sequence is complete. */
    public final class Scanner {
        private int matched;
        private boolean detached;

        /**
         * Feeds {@code n} typed bytes; returns those to pass on now (a held-back partial match included once it
         * fails). After the sequence completes, {@link #detached()} is true and later input is dropped.
         */
        public byte[] feed(byte[] buf, int n) {
            ByteArrayOutputStream pass = new ByteArrayOutputStream(n + sequence.length);
            for (int i = 0; i < n && !detached; i++) {
                byte b = buf[i];
                if (b == sequence[matched]) {
                    if (++matched == sequence.length) {
                        detached = true;
                    }
                    continue;
                }
                pass.write(sequence, 0, matched);
                matched = b == sequence[0] ? 1 : 0;
                if (matched == 0) {
                    pass.write(b);
                }
            }
            return pass.toByteArray();
        }

        public boolean detached() {
            return detached;
        }
    }
}
