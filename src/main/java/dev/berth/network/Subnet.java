package dev.berth.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.berth.common.BerthException;

/** An IPv4 subnet in CIDR form, normalised to its network address. */
public record Subnet(Ipv4 network, int prefixLength) {

    public Subnet {
        if (prefixLength < 8 || prefixLength > 30) {
            throw BerthException.invalid("invalid subnet " + network + "/" + prefixLength
                    + ": the prefix length must be between 8 and 30 to leave room for a gateway and endpoints");
        }
        network = new Ipv4(network.bits() & mask(prefixLength));
    }

    @JsonCreator
    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0 || !cidr.substring(slash + 1).matches("\\d{1,2}")) {
            throw BerthException.invalid("invalid subnet: " + cidr + " (want CIDR form, e.g. 10.1.0.0/24)");
        }
        return new Subnet(Ipv4.parse(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
    }

    public long size() {
        return 1L << (32 - prefixLength);
    }

    /** The first usable address, Docker's default gateway. */
    public Ipv4 firstHost() {
        return network.plus(1);
    }

    public Ipv4 broadcast() {
        return network.plus(size() - 1);
    }

    public boolean contains(Ipv4 a) {
        return (a.bits() & mask(prefixLength)) == network.bits();
    }

    /** Whether an address is usable by an endpoint: inside, and neither the network nor the broadcast address. */
    public boolean isHost(Ipv4 a) {
        return contains(a) && !a.equals(network) && !a.equals(broadcast());
    }

    public boolean overlaps(Subnet o) {
        return contains(o.network) || o.contains(network);
    }

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    @JsonValue
    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
