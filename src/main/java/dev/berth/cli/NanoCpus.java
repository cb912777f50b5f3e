package dev.berth.cli;

import dev.berth.common.BerthException;
import java.math.BigDecimal;

/** {@code --cpus 1.5} as HostConfig.NanoCpus (1.5e9); Docker refuses values finer than a nano-CPU. */
final class NanoCpus {
    private NanoCpus() {}

    static long parse(String text) {
        BigDecimal cpus;
        try {
            cpus = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw BerthException.invalid("invalid argument '" + text + "' for --cpus: want a number of CPUs such as 0.5 or 2");
        }
        if (cpus.signum() < 0) {
            throw BerthException.invalid("invalid argument '" + text + "' for --cpus: the number of CPUs cannot be negative");
        }
        BigDecimal nanos = cpus.movePointRight(9);
        try {
            return nanos.longValueExact();
        } catch (ArithmeticException e) {
            throw BerthException.invalid("invalid argument '" + text + "' for --cpus: value is too precise or too large");
        }
    }
}
