package dev.berth.runtime.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import dev.berth.common.HostCommand;
import dev.berth.common.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A VM's NIC, made from the sandbox the engine prepared for it as for a container (the Kata Containers way): the
 * runtime knows nothing of networks, so it reads what {@code eth0} in the sandbox's namespace was given (MAC,
 * address, default route), hands exactly that to the guest, and splices the guest into eth0's place: a tap device
 * next to eth0 with tc redirects both ways, so every frame from the bridge reaches the guest and back unchanged.
 * eth0's address is removed inside the namespace: the guest owns it and answers ARP for it with eth0's MAC.
 * Everything lives in the sandbox's namespace, so deleting the namespace removes it all.
 *
 * @param namespace the sandbox's network namespace, which QEMU runs in to open the tap
 * @param mac       eth0's MAC, which the guest's NIC takes over
 * @param address   eth0's IPv4 address with its prefix length, e.g. 10.88.0.2/16
 * @param gateway   the default route's gateway, absent on networks without a way out
 */
record GuestNetwork(Path namespace, String mac, String address, Optional<String> gateway) {
    static final String SANDBOX_LINK = "eth0";
    static final String TAP = "tap0";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** Reads eth0's MAC, address and default route from the namespace. */
    static GuestNetwork inspect(Path namespace) {
        return parse(namespace, inside(namespace, List.of("ip", "-j", "addr", "show"), null),
                inside(namespace, List.of("ip", "-j", "-4", "route", "show", "default"), null));
    }

    /** From {@code ip -j addr show} and {@code ip -j -4 route show default}. */
    static GuestNetwork parse(Path namespace, String addrJson, String routeJson) {
        JsonNode link = sandboxLink(namespace, Json.tree(addrJson.getBytes(StandardCharsets.UTF_8), "ip addr"));
        String mac = link.path("address").asText("");
        Optional<String> address = ipv4(link);
        if (mac.isEmpty() || address.isEmpty()) {
            throw noAddress(namespace);
        }
        return new GuestNetwork(namespace, mac, address.get(), defaultGateway(Json.tree(routeJson.getBytes(StandardCharsets.UTF_8), "ip route")));
    }

    /**
     * eth0 among the namespace's links. A second network (eth1) is refused: the guest has one NIC, and the engine
     * would publish a name for an address nothing answers.
     */
    private static JsonNode sandboxLink(Path namespace, JsonNode links) {
        JsonNode link = null;
        for (JsonNode candidate : links) {
            String name = candidate.path("ifname").asText();
            if (name.equals(SANDBOX_LINK)) {
                link = candidate;
            } else if (!name.equals("lo")) {
                throw BerthException.invalid("VMs can join one network yet, not a second one (%s in %s)".formatted(name, namespace));
            }
        }
        if (link == null) {
            throw noAddress(namespace);
        }
        return link;
    }

    /** The link's first IPv4 address as ADDRESS/PREFIX. */
    private static Optional<String> ipv4(JsonNode link) {
        for (JsonNode info : link.path("addr_info")) {
            if (info.path("family").asText().equals("inet")) {
                return Optional.of(info.path("local").asText() + "/" + info.path("prefixlen").asInt());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> defaultGateway(JsonNode routes) {
        for (JsonNode route : routes) {
            if (route.path("dev").asText().equals(SANDBOX_LINK) && route.hasNonNull("gateway")) {
                return Optional.of(route.path("gateway").asText());
            }
        }
        return Optional.empty();
    }

    private static BerthException noAddress(Path namespace) {
        return BerthException.invalid("the VM's network namespace %s has no %s with an IPv4 address to hand to the guest"
                .formatted(namespace, SANDBOX_LINK));
    }

    /** Creates the tap, redirects eth0 ⇄ tap, and takes the address off eth0 (its routes go with it). */
    void plumb() {
        inside(namespace, List.of("ip", "-batch", "-"), String.join("\n", ipBatch()) + "\n");
        inside(namespace, List.of("tc", "-batch", "-"), String.join("\n", tcBatch()) + "\n");
    }

    List<String> ipBatch() {
        return List.of("tuntap add dev " + TAP + " mode tap",
                "link set " + TAP + " up",
                "addr flush dev " + SANDBOX_LINK);
    }

    /**
     * Redirects on the ingress of each side to the egress of the other. u32 with an all-zero match rather than
     * matchall: kernels without cls_matchall (such as this project's CI hosts) all have u32.
     */
    List<String> tcBatch() {
        List<String> batch = new ArrayList<>();
        for (String[] pair : List.of(new String[] {SANDBOX_LINK, TAP}, new String[] {TAP, SANDBOX_LINK})) {
            batch.add("qdisc add dev " + pair[0] + " ingress");
            batch.add("filter add dev " + pair[0] + " parent ffff: protocol all u32 match u32 0 0 action mirred egress redirect dev " + pair[1]);
        }
        return batch;
    }

    /** What QEMU is launched through: itself, inside the namespace, so it opens the tap living there. */
    List<String> enter() {
        return enter(namespace);
    }

    private static List<String> enter(Path namespace) {
        return List.of("nsenter", "--net=" + namespace);
    }

    /** The guest's NIC on the tap, a virtio-mmio device (microvm has no PCI), with eth0's MAC. */
    List<String> qemuArgs() {
        return List.of("-netdev", "tap,id=n0,ifname=" + TAP + ",script=no,downscript=no",
                "-device", "virtio-net-device,netdev=n0,mac=" + mac);
    }

    /** The guest init's call that configures its eth0 (init.sh's {@code network}). */
    String guestCall() {
        return "network " + GuestScript.quote(address) + gateway.map(gw -> " " + GuestScript.quote(gw)).orElse("") + "\n";
    }

    /**
     * Shell lines that give a running guest this NIC: a guest resumed from a snapshot still has the MAC, address and
     * route of the VM the snapshot was taken of. virtio-net lets the guest change its MAC while up, and tells QEMU.
     */
    String guestRenumber() {
        return "ip link set dev eth0 address " + GuestScript.quote(mac) + " || exit 1\n"
                + "ip addr flush dev eth0 && ip addr add " + GuestScript.quote(address) + " dev eth0 && ip link set eth0 up || exit 1\n"
                + gateway.map(gw -> "ip route replace default via " + GuestScript.quote(gw) + " dev eth0 || exit 1\n").orElse("");
    }

    /** The lines of the VM directory's {@code network} file, from which start rebuilds this. */
    String toFile() {
        return String.join("\n", namespace.toString(), mac, address, gateway.orElse("")) + "\n";
    }

    static GuestNetwork fromFile(String text) {
        List<String> lines = text.lines().toList();
        return new GuestNetwork(Path.of(lines.get(0)), lines.get(1), lines.get(2),
                lines.size() > 3 && !lines.get(3).isEmpty() ? Optional.of(lines.get(3)) : Optional.empty());
    }

    private static String inside(Path namespace, List<String> command, String input) {
        List<String> argv = new ArrayList<>(enter(namespace));
        argv.addAll(command);
        HostCommand.Result r = HostCommand.run(argv, input, TIMEOUT);
        if (!r.ok()) {
            throw BerthException.internal("cannot give the VM its network in %s: %s failed: %s"
                    .formatted(namespace, String.join(" ", command), r.stderr().strip()));
        }
        return r.stdout();
    }
}
