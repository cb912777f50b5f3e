package dev.berth.compose;

import dev.berth.common.BerthException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A top-level network: a bridge network the project creates, or an existing one it joins ({@code external}).
 *
 * @param name     the network's name on the host: {@code name:} if given, else {@code <project>_<key>}, or the key
 *                 itself for an external network
 * @param external whether the network exists already and the project neither creates nor removes it
 * @param internal whether the network has no route out of the host
 * @param subnets  the address ranges ({@code ipam.config}), empty for one from the daemon's pool
 * @param labels   labels of the network
 */
public record ProjectNetwork(String name, boolean external, boolean internal, List<Subnet> subnets, Map<String, String> labels) {
    public ProjectNetwork {
        Checks.resourceName(name, "network");
        subnets = List.copyOf(subnets);
        labels = Checks.orderedCopy(labels);
        if (external && (internal || !subnets.isEmpty() || !labels.isEmpty())) {
            throw BerthException.invalid("an external network is configured where it was created; drop internal, ipam and labels");
        }
    }

    /**
     * One {@code ipam.config} entry.
     *
     * @param subnet  the range in CIDR notation, e.g. 172.28.0.0/16
     * @param gateway the gateway address inside it, "" for the range's first address
     */
    public record Subnet(String subnet, String gateway) {
        private static final Pattern CIDR = Pattern.compile("(.+)/(\\d{1,2})");

        public Subnet {
            var m = CIDR.matcher(subnet);
            if (!m.matches() || !Checks.isIpv4(m.group(1)) || Integer.parseInt(m.group(2)) > 32) {
                throw BerthException.invalid("invalid subnet \"" + subnet + "\": use IPv4 CIDR notation, e.g. 172.28.0.0/16");
            }
            if (!gateway.isEmpty() && !Checks.isIpv4(gateway)) {
                throw BerthException.invalid("invalid gateway \"" + gateway + "\"");
            }
        }
    }
}
