package dev.berth.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.berth.common.BerthException;

/** An IPv4 address as an unsigned 32-bit value, so subnets and allocation are plain arithmetic. */
public record Ipv4(int bits) implements Comparable<Ipv4> {

    @JsonCreator
    public static Ipv4 parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw BerthException.invalid("invalid IPv4 address: " + text);
        }
        int bits = 0;
        for (String p : parts) {
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > 255) {
                throw BerthException.invalid("invalid IPv4 address: " + text);
            }
            bits = bits << 8 | Integer.parseInt(p);
        }
        return new Ipv4(bits);
    }

    public Ipv4 plus(long n) {
        return new Ipv4((int) (Integer.toUnsignedLong(bits) + n));
    }

    public long unsigned() {
        return Integer.toUnsignedLong(bits);
    }

    @Override
    public int compareTo(Ipv4 o) {
        return Integer.compareUnsigned(bits, o.bits);
    }

    @JsonValue
    @Override
    public String toString() {
        return (bits >>> 24) + "." + (bits >>> 16 & 255) + "." + (bits >>> 8 & 255) + "." + (bits & 255);
    }
}
