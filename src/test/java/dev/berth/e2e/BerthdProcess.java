package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real berthd in its own process with its own data root, exec root and socket, driven through the real CLI
 * in separate processes: the black box a user sees. Built from the test class path, so it tests this build.
 */
final class BerthdProcess implements AutoCloseable {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String CLASSPATH = System.getProperty("java.class.path");

    final Path dataRoot;
    final Path execRoot;
    final Path socket;
    /** This daemon's default bridge, also its nftables table; unique so tests never touch another daemon's. */
    final String bridge;
    final int subnetByte;
    private final Path log;
    private final Path resolvConf;
    private final java.util.Set<String> hostNetworkBefore;
    /** Extra environment of every CLI run, e.g. {@code BERTH_CONFIG} so logins stay in the test's directory. */
    final java.util.Map<String, String> cliEnvironment = new java.util.HashMap<>();
    private Process process;

    BerthdProcess(Path base) throws IOException {
        this.dataRoot = Files.createDirectories(base.resolve("data"));
        this.execRoot = Files.createDirectories(base.resolve("exec"));
        this.socket = execRoot.resolve("berth.sock");
        this.log = base.resolve("berthd.log");
        this.subnetByte = new java.util.Random().nextInt(64) * 4;
        this.bridge = "bt" + Integer.toHexString(0x100000 + new java.util.Random().nextInt(0xefffff));
        // Names Berth does not know are forwarded here, on loopback, where nothing answers: tests never leave the host.
        this.resolvConf = Files.writeString(base.resolve("resolv.conf"), "nameserver 127.0.0.1\n");
        this.hostNetworkBefore = hostNetwork();
    }

    /** The host's links, named network namespaces and nftables tables, to compare before and after a daemon's life. */
    static java.util.Set<String> hostNetwork() throws IOException {
        java.util.Set<String> state = new java.util.TreeSet<>();
        for (String[] cmd : new String[][] {{"ip", "-o", "link", "show"}, {"ip", "netns", "list"}, {"nft", "list", "tables"}}) {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            for (String line : out.split("\n")) {
                String item = cmd[0].equals("nft") ? line.strip()
                        : cmd[1].equals("netns") ? "netns " + line.split(" ")[0]
                        : "link " + (line.split(": ").length > 1 ? line.split(": ")[1].split("@")[0] : "");
                if (!item.isBlank() && !item.endsWith(" ")) {
                    state.add(item);
                }
            }
        }
        return state;
    }

    /** The default network's subnet, 10.250.N.0/24; user networks get /24s of 10.251.N.0/22. */
    String defaultSubnetPrefix() {
        return "10.250." + subnetByte + ".";
    }

    String poolPrefix() {
        return "10.251." + subnetByte + ".";
    }

    /** Starts berthd with this process's directories and network, plus {@code extraArgs} (e.g. --vm-kernel). */
    BerthdProcess start(String... extraArgs) throws IOException {
        List<String> argv = new ArrayList<>(List.of(JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-cp", CLASSPATH,
                "dev.berth.daemon.Berthd", "--data-root", dataRoot.toString(), "--exec-root", execRoot.toString(),
                "--host", "unix://" + socket, "--bridge", bridge, "--bip", defaultSubnetPrefix() + "0/24",
                "--default-address-pool", poolPrefix() + "0/22", "--resolv-conf", resolvConf.toString()));
        argv.addAll(List.of(extraArgs));
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        Instant deadline = Instant.now().plusSeconds(30);
        while (!answers()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("berthd exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("berthd did not answer within 30 s:\n" + Files.readString(log));
            }
            pause(Duration.ofMillis(50));
        }
        return this;
    }

    /** A started berthd under {@code base} with the bootstrapped busybox image, as most black-box tests need. */
    static BerthdProcess startWithBusybox(Path base) throws IOException, InterruptedException {
        BerthdProcess berthd = new BerthdProcess(base).start();
        Result r = berthd.berth("image", "bootstrap", "busybox");
        assertThat(r.exit()).as(r.toString()).isZero();
        return berthd;
    }

    /** Ends berthd the hard way, as a crash would: containers must survive it. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /** SIGTERM, the graceful shutdown. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** One raw API request without a body, for endpoints the CLI does not call; returns the whole answer. */
    String api(String method, String path) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            String request = method + " " + path + " HTTP/1.1\r\nHost: berth\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            java.nio.channels.Channels.newOutputStream(ch).write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(java.nio.channels.Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Runs {@code berth ARGS...} against this daemon. */
    Result berth(String... args) throws IOException, InterruptedException {
        return berthWithInput(null, args);
    }

    /** {@code berth ARGS...}, which must succeed; its standard output. */
    String ok(String... args) throws IOException, InterruptedException {
        Result r = berth(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out();
    }

    Result berthWithInput(byte[] stdin, String... args) throws IOException, InterruptedException {
        return client(CLI, stdin, args);
    }

    /** The command line of {@code berth ARGS...} against this daemon, for tests that run it under a terminal. */
    List<String> berthCommand(String... args) {
        List<String> cmd = new ArrayList<>(CLI);
        cmd.addAll(List.of("-H", "unix://" + socket));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static final List<String> CLI = List.of(JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", CLASSPATH,
            "dev.berth.cli.Main");

    /** Runs the real {@code docker} CLI against this daemon (with {@link #cliEnvironment}, e.g. its DOCKER_CONFIG). */
    Result docker(String... args) throws IOException, InterruptedException {
        return client(List.of(DOCKER_CLI.toString()), null, args);
    }

    /** {@code docker ARGS...}, which must succeed; its standard output. */
    String dockerOk(String... args) throws IOException, InterruptedException {
        Result r = docker(args);
        assertThat(r.exit()).as("docker " + String.join(" ", args) + ": " + r).isZero();
        return r.out();
    }

    static final Path DOCKER_CLI = Path.of("/usr/bin/docker");

    private Result client(List<String> program, byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(program);
        cmd.addAll(List.of("-H", "unix://" + socket));
        cmd.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().putAll(cliEnvironment);
        Process p = builder.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin);
        }
        p.getOutputStream().close();
        byte[][] streams = new byte[2][];
        Thread outReader = Thread.ofVirtual().start(() -> streams[0] = readQuietly(p.getInputStream()));
        Thread errReader = Thread.ofVirtual().start(() -> streams[1] = readQuietly(p.getErrorStream()));
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            String clientThreads = threadDump(p.pid());
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", args) + " did not finish within 120 s; its threads:\n" + clientThreads
                    + "\nberthd's threads:\n" + threadDump(process.pid()));
        }
        outReader.join();
        errReader.join();
        return new Result(p.exitValue(), new String(streams[0], StandardCharsets.UTF_8), new String(streams[1], StandardCharsets.UTF_8));
    }

    /**
     * Last-resort teardown for a test that failed half-way: unmounts whatever is still mounted under
     * {@code base} and returns what it had to unmount, so the test can still fail on a leak.
     */
    static List<String> unmountLeftovers(Path base) throws IOException, InterruptedException {
        List<String> leftovers = Files.readAllLines(Path.of("/proc/mounts")).stream()
                .map(l -> l.split(" ")[1])
                .filter(m -> m.startsWith(base.toString()))
                .toList();
        for (String mountpoint : leftovers.reversed()) {
            new ProcessBuilder("umount", "-l", mountpoint).inheritIO().start().waitFor();
        }
        return leftovers;
    }

    /**
     * Tears a test's daemon down: removes every container through the CLI, stops berthd, then force-deletes
     * and unmounts whatever a failed test left, and returns those leftovers so the test can fail on them.
     */
    static List<String> tearDown(BerthdProcess berthd, Path base) throws IOException, InterruptedException {
        List<String> leftovers = new ArrayList<>();
        if (berthd != null) {
            for (String stack : berthd.berth("stack", "ls", "--format", "{{.Name}}").out().split("\\s+")) {
                if (!stack.isBlank()) {
                    berthd.berth("stack", "rm", stack); // first, or its reconciler replaces what is removed next
                }
            }
            for (String id : berthd.berth("ps", "-aq").out().split("\\s+")) {
                if (!id.isBlank()) {
                    berthd.berth("rm", "-f", id);
                }
            }
            berthd.close();
            leftovers.addAll(berthd.deleteLeftoverContainers().stream().map(id -> "container " + id).toList());
            leftovers.addAll(berthd.killLeftoverVms().stream().map(pid -> "qemu " + pid).toList());
        }
        leftovers.addAll(unmountLeftovers(base).stream().map(m -> "mount " + m).toList());
        if (berthd != null) {
            java.util.Set<String> after = hostNetwork();
            after.removeAll(berthd.hostNetworkBefore);
            leftovers.addAll(after);
        }
        return leftovers;
    }

    /** Last-resort teardown: force-deletes containers still in this daemon's runc root and returns their ids. */
    List<String> deleteLeftoverContainers() throws IOException, InterruptedException {
        String root = execRoot.resolve("runtime").resolve("runc").toString();
        Process list = new ProcessBuilder("runc", "--root", root, "list", "-q").redirectErrorStream(true).start();
        List<String> ids = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> l.matches("[0-9a-f]{64}")).toList();
        list.waitFor();
        for (String id : ids) {
            new ProcessBuilder("runc", "--root", root, "delete", "--force", id).inheritIO().start().waitFor();
        }
        return ids;
    }

    /** Last-resort teardown: kills QEMU processes still running a VM of this daemon and returns their pids. */
    List<Long> killLeftoverVms() {
        String dir = execRoot.toString() + "/";
        List<ProcessHandle> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("qemu-system-x86_64")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(dir)).orElse(false))
                .toList();
        left.forEach(ProcessHandle::destroyForcibly);
        left.forEach(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        return left.stream().map(ProcessHandle::pid).toList();
    }

    /** All of berthd's threads, virtual ones included, to see where a hung request waits. */
    /** The threads of a JVM of ours (berthd or a CLI), virtual ones included, to see where a hang waits. */
    private String threadDump(long pid) throws IOException, InterruptedException {
        Path dump = log.resolveSibling("threads-" + System.nanoTime() + ".txt");
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "Thread.dump_to_file", "-format=text", dump.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        return Files.exists(dump) ? Files.readString(dump) : "(no thread dump)";
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    private boolean answers() {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] readQuietly(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    /** What a CLI run printed and returned. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }
}
