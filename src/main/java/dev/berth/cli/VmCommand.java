package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.ApiPath;
import dev.berth.common.ByteSize;
import dev.berth.common.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth vm create | ls | console} for full-OS VMs, and {@code berth vm snapshot VM NAME | snapshot ls VM |
 * snapshot rm VM NAME | restore VM NAME | clone VM[:SNAPSHOT] NEW}: what VMs (full-OS ones, and containers run with
 * {@code --isolation vm}) can do beyond containers, over {@code /berth/v1/vms}. The container verbs (start, stop,
 * kill, rm, inspect, logs) serve VMs under {@code berth vm} too.
 */
final class VmCommand {
    private VmCommand() {}

    static CommandLine tree(CliContext ctx, CommandLine group) {
        CommandLine snapshot = new CommandLine(new Snapshot(ctx)).addSubcommand(new SnapshotLs(ctx)).addSubcommand(new SnapshotRm(ctx));
        CommandLine console = new CommandLine(new AttachCommand(ctx));
        console.getCommandSpec().usageMessage().description("Connect to a full-OS VM's serial console (detach with ctrl-p ctrl-q)");
        return group.addSubcommand(new Create(ctx)).addSubcommand(new Ls(ctx)).addSubcommand("console", console)
                .addSubcommand("snapshot", snapshot).addSubcommand(new Restore(ctx)).addSubcommand(new Clone(ctx));
    }

    @Command(name = "create", description = "Create a full-OS VM: an image with its own init (berth image bootstrap debian), or a disk image, booted as a whole machine")
    static final class Create implements Callable<Integer> {
        private final CliContext ctx;

        @Option(names = "--name", description = "Assign a name to the VM")
        String name = "";

        @ArgGroup(multiplicity = "1")
        Source source;

        /** Exactly one: the VM's disk is made of an image's files, or is a copy of a disk image. */
        static final class Source {
            @Option(names = "--from-image", required = true, paramLabel = "IMAGE", description = "The image whose root file system the VM's disk is made of")
            String image;

            @Option(names = "--disk", required = true, paramLabel = "FILE", description = "A disk image (raw or qcow2, ext4 root on it or its first partitions) the VM boots a copy of")
            Path disk;
        }

        @Option(names = "--init", paramLabel = "PATH", description = "The guest's init (default: /sbin/init)")
        String init = "/sbin/init";

        @Option(names = "--kernel", paramLabel = "FILE", description = "Boot this kernel instead of Berth's (with Berth's initramfs unless --initrd)")
        Optional<Path> kernel = Optional.empty();

        @Option(names = "--initrd", paramLabel = "FILE", description = "Boot this initramfs with --kernel, instead of Berth's")
        Optional<Path> initrd = Optional.empty();

        @Option(names = "--append", paramLabel = "ARGS", description = "The kernel command line for --kernel (console=ttyS0 is added unless it names a console)")
        Optional<String> append = Optional.empty();

        @Option(names = {"-h", "--hostname"}, description = "The VM's host name")
        Optional<String> hostname = Optional.empty();

        @Option(names = {"-m", "--memory"}, description = "The guest's memory (default 256m)")
        Optional<String> memory = Optional.empty();

        @Option(names = "--cpus", description = "vCPUs (rounded up to whole ones)")
        Optional<String> cpus = Optional.empty();

        @Option(names = "--disk-size", paramLabel = "SIZE", description = "The root disk's size (default: the image's size plus 256 MiB)")
        Optional<String> diskSize = Optional.empty();

        @Option(names = {"--network", "--net"}, description = "Connect the VM to a network: none or a NAME (default: bridge)")
        Optional<String> network = Optional.empty();

        @Option(names = {"-p", "--publish"}, description = "Publish a VM's port(s) to the host ([ip:][hostPort:]port[/proto])")
        List<String> publish = new ArrayList<>();

        @Option(names = "--restart", description = "Restart policy: no, always, unless-stopped, on-failure[:N]")
        String restart = "no";

        @Option(names = {"-l", "--label"}, description = "Set meta data on the VM (KEY=VALUE)")
        List<String> labels = new ArrayList<>();

        Create(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ObjectNode body = Json.object();
            if (source.disk == null) {
                body.put("Image", source.image);
            } else {
                body.put("Disk", source.disk.toAbsolutePath().toString());
            }
            body.put("Init", init);
            kernel.ifPresent(k -> body.put("Kernel", k.toAbsolutePath().toString()));
            initrd.ifPresent(i -> body.put("Initrd", i.toAbsolutePath().toString()));
            append.ifPresent(a -> body.put("Append", a));
            hostname.ifPresent(h -> body.put("Hostname", h));
            memory.ifPresent(m -> body.put("Memory", ByteSize.parse(m, "--memory")));
            cpus.ifPresent(c -> body.put("NanoCpus", NanoCpus.parse(c)));
            diskSize.ifPresent(size -> body.put("DiskSize", size));
            network.ifPresent(n -> body.put("Network", n));
            body.set("RestartPolicy", RestartPolicy.parse(restart).toJson());
            ObjectNode labelNode = body.putObject("Labels");
            ContainerOptions.keyValues(labels, "--label").forEach(kv -> labelNode.put(kv.getFirst(), kv.getLast()));
            // -p flags as Docker's create sends them, whose PortBindings the VM takes.
            ObjectNode ports = Json.object();
            ports.putObject("HostConfig");
            ContainerOptions.publish(ports, publish);
            body.set("PortBindings", ports.path("HostConfig").path("PortBindings"));
            ApiPath path = ApiPath.of("/berth/v1/vms");
            if (!name.isEmpty()) {
                path.param("name", name);
            }
            ctx.out().println(ctx.client().post(path, body).path("Id").asText());
            return ExitCodes.OK;
        }
    }

    @Command(name = "ls", description = "List VMs: full-OS ones and containers run with --isolation vm")
    static final class Ls implements Callable<Integer> {
        private final CliContext ctx;

        @Mixin
        ListingFormat format;

        Ls(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            List<JsonNode> vms = new ArrayList<>();
            ctx.client().get(ApiPath.of("/berth/v1/vms")).forEach(vms::add);
            format.print(ctx.out(), vms, List.of(new ListingFormat.Column("NAME", "Name"), new ListingFormat.Column("KIND", "Kind"),
                    new ListingFormat.Column("IMAGE", "Image"), new ListingFormat.Column("STATE", "State"),
                    new ListingFormat.Column("CPUS", "Cpus"), new ListingFormat.Column("MEMORY", "MemoryText"),
                    new ListingFormat.Column("BOOT", "Boot")), vm -> {
                        ObjectNode row = (ObjectNode) vm.deepCopy();
                        long nanoCpus = vm.path("NanoCpus").asLong();
                        row.put("Cpus", String.valueOf(Math.max(1, Math.ceilDiv(nanoCpus, 1_000_000_000L)))); // whole vCPUs
                        long memory = vm.path("Memory").asLong();
                        row.put("MemoryText", memory == 0 ? "default" : Human.binarySize(memory));
                        long boot = vm.path("BootToReadyMs").asLong();
                        row.put("Boot", boot == 0 ? "" : boot + " ms " + vm.path("Accelerator").asText());
                        return row;
                    });
            return ExitCodes.OK;
        }
    }

    @Command(name = "snapshot", description = "Save a running VM's memory and disk as a named snapshot (ls, rm: list, remove them)")
    static final class Snapshot implements Callable<Integer> {
        private final CliContext ctx;

        // Optional to picocli, which checks a command's required parameters before it sees a subcommand (ls, rm).
        @Parameters(index = "0", arity = "0..1", paramLabel = "VM")
        String vm;

        @Parameters(index = "1", arity = "0..1", paramLabel = "NAME")
        String name;

        @Spec
        CommandSpec spec;

        Snapshot(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            if (name == null) {
                throw new ParameterException(spec.commandLine(), "Missing required parameters: 'VM', 'NAME' (or: snapshot ls VM, snapshot rm VM NAME)");
            }
            ctx.client().post(ApiPath.of("/berth/v1/vms/%s/snapshots", vm).param("name", name));
            ctx.out().println(name);
            return ExitCodes.OK;
        }
    }

    @Command(name = "ls", description = "List a VM's snapshots")
    static final class SnapshotLs implements Callable<Integer> {
        private final CliContext ctx;

        @Mixin
        ListingFormat format;

        @Parameters(index = "0", paramLabel = "VM")
        String vm;

        SnapshotLs(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            List<JsonNode> snapshots = new ArrayList<>();
            ctx.client().get(ApiPath.of("/berth/v1/vms/%s/snapshots", vm)).forEach(snapshots::add);
            Instant now = Instant.now();
            format.print(ctx.out(), snapshots, List.of(new ListingFormat.Column("NAME", "Name"),
                    new ListingFormat.Column("CREATED", "CreatedSince"), new ListingFormat.Column("SIZE", "Size")), s -> {
                        ObjectNode row = Json.object();
                        row.put("Name", s.path("Name").asText());
                        row.put("CreatedSince", Human.ago(Instant.parse(s.path("Created").asText()), now));
                        row.put("Size", Human.decimalSize(s.path("Size").asLong()));
                        return row;
                    });
            return ExitCodes.OK;
        }
    }

    @Command(name = "rm", description = "Remove snapshots of a VM")
    static final class SnapshotRm implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(index = "0", paramLabel = "VM")
        String vm;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAME")
        List<String> names;

        SnapshotRm(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            return Targets.forEach(ctx, names, name -> {
                ctx.client().delete(ApiPath.of("/berth/v1/vms/%s/snapshots/%s", vm, name));
                ctx.out().println(name);
            });
        }
    }

    @Command(name = "restore", description = "Put a VM back into a snapshot: a running VM runs on from it without a boot, a stopped one starts from it")
    static final class Restore implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(index = "0", paramLabel = "VM")
        String vm;

        @Parameters(index = "1", paramLabel = "SNAPSHOT")
        String name;

        Restore(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ctx.client().post(ApiPath.of("/berth/v1/vms/%s/snapshots/%s/restore", vm, name));
            ctx.out().println(vm);
            return ExitCodes.OK;
        }
    }

    @Command(name = "clone", description = "Start a new VM from a VM's snapshot (VM:SNAPSHOT), or from a running VM as it is now, with its own name, hostname, MAC and address")
    static final class Clone implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(index = "0", paramLabel = "VM[:SNAPSHOT]")
        String source;

        @Parameters(index = "1", paramLabel = "NEWNAME")
        String name;

        Clone(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            // Container names have no colon, so the first one separates the snapshot.
            int colon = source.indexOf(':');
            ApiPath path = ApiPath.of("/berth/v1/vms/%s/clone", colon < 0 ? source : source.substring(0, colon)).param("name", name);
            JsonNode clone = ctx.client().post(colon < 0 ? path : path.param("snapshot", source.substring(colon + 1)));
            ctx.out().println(clone.path("Id").asText());
            return ExitCodes.OK;
        }
    }
}
