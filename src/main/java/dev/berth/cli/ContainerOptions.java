package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The flags {@code run} and {@code create} share, turned into Docker's {@code POST /containers/create} body
 * (Config fields inline plus HostConfig). Values are validated here so that a bad flag fails before any request.
 * Unset flags are left out of the body so that the image's own settings apply.
 */
final class ContainerOptions {
    @Option(names = "--name", description = "Assign a name to the container")
    String name = "";

    @Option(names = "--rm", description = "Automatically remove the container when it exits")
    boolean autoRemove;

    @Mixin
    ProcessOptions process;

    @Mixin
    HealthOptions health;

    @Option(names = {"-e", "--env"}, description = "Set environment variables (KEY=VALUE, or KEY to copy it from here)")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", description = "Read in a file of environment variables")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = "--entrypoint", description = "Overwrite the default ENTRYPOINT of the image (\"\" resets it)")
    Optional<String> entrypoint = Optional.empty();

    @Mixin
    LimitOptions limits;

    @Option(names = {"-v", "--volume"}, description = "Bind mount a volume (SRC:DST[:ro], or DST for an anonymous volume)")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--tmpfs", description = "Mount a tmpfs directory (DST[:OPTIONS])")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = "--read-only", description = "Mount the container's root filesystem as read only")
    boolean readOnly;

    @Option(names = "--restart", description = "Restart policy: no, always, unless-stopped, on-failure[:N]")
    Optional<String> restart = Optional.empty();

    @Option(names = {"-h", "--hostname"}, description = "Container host name")
    Optional<String> hostname = Optional.empty();

    @Option(names = {"-l", "--label"}, description = "Set meta data on a container (KEY=VALUE)")
    List<String> labels = new ArrayList<>();

    @Option(names = {"--network", "--net"}, description = "Connect a container to a network: none, host or a NAME")
    Optional<String> network = Optional.empty();

    @Option(names = {"-p", "--publish"}, description = "Publish a container's port(s) to the host ([ip:][hostPort:]port[/proto])")
    List<String> publish = new ArrayList<>();

    @Option(names = {"-P", "--publish-all"}, description = "Publish all exposed ports to random ports")
    boolean publishAll;

    @Option(names = "--expose", description = "Expose a port (PORT[/PROTO])")
    List<String> expose = new ArrayList<>();

    @Option(names = "--ip", description = "IPv4 address (e.g. 10.1.0.5) on a user-defined network")
    Optional<String> ip = Optional.empty();

    @Option(names = {"--network-alias", "--net-alias"}, description = "Add network-scoped alias for the container")
    List<String> networkAliases = new ArrayList<>();

    @Option(names = "--dns", description = "Set custom DNS servers")
    List<String> dns = new ArrayList<>();

    @Option(names = "--dns-search", description = "Set custom DNS search domains")
    List<String> dnsSearch = new ArrayList<>();

    @Option(names = "--dns-option", description = "Set DNS options")
    List<String> dnsOptions = new ArrayList<>();

    @Option(names = "--add-host", description = "Add a custom host-to-IP mapping (host:ip, or host:host-gateway)")
    List<String> addHosts = new ArrayList<>();

    @Option(names = "--isolation", description = "Container isolation technology: container or vm")
    Optional<String> isolation = Optional.empty();

    @Option(names = "--storage-opt", paramLabel = "KEY=VALUE", description = "Storage driver options: size=SIZE sizes a VM's root disk")
    List<String> storageOpts = new ArrayList<>();

    @Option(names = "--disk-size", paramLabel = "SIZE", description = "A VM's root disk size (--storage-opt size=SIZE)")
    Optional<String> diskSize = Optional.empty();

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to run")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The command and its arguments")
    List<String> command = new ArrayList<>();

    /**
     * The create body. {@code attachOutput} is false for {@code run -d}; {@code environment} answers bare
     * {@code -e KEY} and env-file names; relative {@code -v ./dir} sources resolve against {@code workingDirectory}.
     */
    ObjectNode createBody(boolean attachOutput, Function<String, Optional<String>> environment, Path workingDirectory) {
        ObjectNode body = Json.object();
        hostname.ifPresent(h -> body.put("Hostname", h));
        process.user.ifPresent(u -> body.put("User", u));
        process.putAttach(body, attachOutput);
        body.put("OpenStdin", process.interactive);
        body.put("StdinOnce", process.interactive && attachOutput);
        strings(body.putArray("Env"), environment(environment));
        if (!command.isEmpty()) {
            strings(body.putArray("Cmd"), command);
        }
        body.put("Image", image);
        process.workdir.ifPresent(w -> body.put("WorkingDir", w));
        // Docker sends the entrypoint as one element, and [""] to reset the image's entrypoint.
        entrypoint.ifPresent(e -> body.putArray("Entrypoint").add(e));
        ObjectNode labelNode = body.putObject("Labels");
        keyValues(labels, "--label").forEach(kv -> labelNode.put(kv.getFirst(), kv.getLast()));
        health.putHealthcheck(body);
        body.set("HostConfig", hostConfig(body, workingDirectory));
        networkingConfig(body);
        return body;
    }

    /** Published ports are exposed too; --ip and --network-alias go to the endpoint of --network, as Docker sends them. */
    private void networkingConfig(ObjectNode body) {
        ObjectNode exposed = publish(body, publish);
        expose.forEach(e -> PortFlag.parse(e).forEach(p -> exposed.putObject(p.key())));
        if (ip.isPresent() || !networkAliases.isEmpty()) {
            String net = network.filter(n -> !n.equals("bridge") && !n.equals("default")).orElseThrow(() -> BerthException.invalid(
                    "--ip and --network-alias need a user-defined --network"));
            ObjectNode endpoint = body.putObject("NetworkingConfig").putObject("EndpointsConfig").putObject(net);
            ip.ifPresent(a -> endpoint.putObject("IPAMConfig").put("IPv4Address", a));
            networkAliases.forEach(endpoint.putArray("Aliases")::add);
        }
    }

    /** {@code -p} flags into the body's ExposedPorts and HostConfig.PortBindings; returns ExposedPorts. */
    static ObjectNode publish(ObjectNode body, List<String> publish) {
        ObjectNode exposed = body.putObject("ExposedPorts");
        ObjectNode bindings = ((ObjectNode) body.get("HostConfig")).putObject("PortBindings");
        for (String spec : publish) {
            for (PortFlag p : PortFlag.parse(spec)) {
                exposed.putObject(p.key());
                ArrayNode list = bindings.has(p.key()) ? (ArrayNode) bindings.get(p.key()) : bindings.putArray(p.key());
                list.addObject().put("HostIp", p.hostIp()).put("HostPort", p.hostPort());
            }
        }
        return exposed;
    }

    private ObjectNode hostConfig(ObjectNode body, Path workingDirectory) {
        ObjectNode host = Json.object();
        ArrayNode binds = host.putArray("Binds");
        ObjectNode anonymous = Json.object();
        for (String spec : volumes) {
            VolumeFlag v = VolumeFlag.parse(spec, workingDirectory);
            v.bind().ifPresentOrElse(binds::add, () -> anonymous.putObject(v.destination()));
        }
        if (!anonymous.isEmpty()) {
            body.set("Volumes", anonymous);
        }
        ObjectNode tmpfsNode = host.putObject("Tmpfs");
        tmpfs.stream().map(TmpfsFlag::parse).forEach(t -> tmpfsNode.put(t.destination(), t.options()));
        limits.putInto(host);
        host.put("ReadonlyRootfs", readOnly);
        RestartPolicy policy = RestartPolicy.parse(restart.orElse("no"));
        if (autoRemove && policy.restarts()) {
            throw BerthException.invalid("conflicting options: --restart " + restart.orElse("") + " and --rm");
        }
        host.set("RestartPolicy", policy.toJson());
        host.put("AutoRemove", autoRemove);
        network.ifPresent(n -> host.put("NetworkMode", n));
        host.put("PublishAllPorts", publishAll);
        strings(host.putArray("Dns"), dns);
        strings(host.putArray("DnsSearch"), dnsSearch);
        strings(host.putArray("DnsOptions"), dnsOptions);
        strings(host.putArray("ExtraHosts"), addHosts);
        isolation.ifPresent(i -> host.put("Isolation", i));
        ObjectNode storage = host.putObject("StorageOpt");
        for (String opt : storageOpts) {
            int eq = opt.indexOf('=');
            if (eq <= 0) {
                throw BerthException.invalid("invalid storage option '" + opt + "': want KEY=VALUE, e.g. size=2G");
            }
            storage.put(opt.substring(0, eq), opt.substring(eq + 1));
        }
        diskSize.ifPresent(size -> storage.put("size", size));
        return host;
    }

    /** Env files first, then -e in order, as Docker merges them (later entries win in the daemon). */
    private List<String> environment(Function<String, Optional<String>> environment) {
        List<String> all = new ArrayList<>();
        envFiles.forEach(f -> all.addAll(EnvFile.read(f, environment)));
        for (String e : env) {
            int eq = e.indexOf('=');
            if (eq == 0 || e.isEmpty()) {
                throw BerthException.invalid("invalid environment variable '" + e + "': the name is empty");
            }
            if (eq > 0) {
                all.add(e);
            } else {
                environment.apply(e).ifPresent(v -> all.add(e + "=" + v));
            }
        }
        return all;
    }

    /** {@code KEY=VALUE} pairs; a bare {@code KEY} has an empty value, as Docker's labels do. */
    static List<List<String>> keyValues(List<String> pairs, String flag) {
        List<List<String>> result = new ArrayList<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.isEmpty()) {
                throw BerthException.invalid("invalid " + flag + " '" + pair + "': the key is empty");
            }
            result.add(List.of(key, eq < 0 ? "" : pair.substring(eq + 1)));
        }
        return result;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
