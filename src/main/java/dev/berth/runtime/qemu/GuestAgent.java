package dev.berth.runtime.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import dev.berth.runtime.qemu.AgentProtocol.Accepted;
import dev.berth.runtime.qemu.AgentProtocol.Answer;
import dev.berth.runtime.qemu.AgentProtocol.Busy;
import dev.berth.runtime.qemu.AgentProtocol.Done;
import dev.berth.runtime.qemu.AgentProtocol.Exited;
import dev.berth.runtime.qemu.AgentProtocol.Hello;
import dev.berth.runtime.qemu.AgentProtocol.Refused;
import dev.berth.runtime.qemu.AgentProtocol.Reply;
import dev.berth.runtime.qemu.AgentProtocol.Started;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * berthd's side of one VM's guest agent (init.sh's {@code serve_agent}, protocol in {@link AgentProtocol}): one
 * connection to the berth.agent port carries every exec's requests and replies, and each exec runs on one of
 * {@link #SLOTS} exec slots, three virtio-serial ports each (unix sockets on the host): the process's stdin,
 * stdout, stderr. A slot's ports are plugged in over QMP when it is first used, as every port costs the guest
 * ~0.9 MiB of receive buffers and ~15 ms of boot under TCG, and stay for the VM's life. A slot is one exec's until
 * both its output streams ended and the agent said it is done, so streams are never shared. Built on the first
 * exec into a VM and closed when the VM ends; a VM that ends fails what waits on it.
 */
final class GuestAgent implements AutoCloseable {
    /** Concurrent execs per VM: with the workload's four and the agent's, 29 of a virtio-serial device's 31 ports. */
    static final int SLOTS = 8;
    static final List<String> STREAMS = List.of("in", "out", "err");
    private static final String PORT_PREFIX = "berth.exec.";
    /** How long the agent may take to answer under TCG on a busy host. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(GuestAgent.class.getName());

    private final VmDirs dirs;
    private final SocketChannel channel;
    private final CompletableFuture<Hello> hello = new CompletableFuture<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final boolean[] slotTaken = new boolean[SLOTS];
    /** Ports plugged into QEMU, by name (their chardevs' and devices' ids too): an earlier berthd's stay. */
    private final Set<String> chardevs = ConcurrentHashMap.newKeySet();
    private final Set<String> devices = ConcurrentHashMap.newKeySet();
    /** Requests are whole lines on the one connection, whichever thread sends them. */
    private final Object sendLock = new Object();
    private volatile boolean closed;

    /** What is awaited of one exec; completed by the replies, or all at once when the VM ends. */
    static final class Session {
        final CompletableFuture<Answer> answer = new CompletableFuture<>();
        final CompletableFuture<Long> pid = new CompletableFuture<>();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
    }

    private GuestAgent(VmDirs dirs, SocketChannel channel) {
        this.dirs = dirs;
        this.channel = channel;
    }

    /** Connects to the agent of a running VM and waits for its hello. */
    static GuestAgent connect(VmDirs dirs) {
        if (!Files.exists(dirs.agentSocket())) {
            throw BerthException.conflict("VM %s has no guest agent (an older berthd started it): restart it to exec into it"
                    .formatted(dirs.id()));
        }
        GuestAgent agent = new GuestAgent(dirs, open(dirs, dirs.agentSocket().toString()));
        Thread.ofVirtual().name("berth-vm-agent-" + dirs.id().substring(0, 12)).start(agent::readReplies);
        try {
            agent.send(AgentProtocol.hello());
            Hello hello = await(agent.hello, Instant.now().plus(TIMEOUT), dirs, "say hello");
            if (hello.version() != AgentProtocol.VERSION) {
                throw BerthException.conflict("the guest agent of VM %s speaks protocol %d, this berthd %d: restart the VM"
                        .formatted(dirs.id(), hello.version(), AgentProtocol.VERSION));
            }
            List<JsonNode> plugged = Qmp.execute(dirs.qmpSocket(), List.of(new Qmp.Command("query-chardev", Map.of()),
                    new Qmp.Command("qom-list", Map.of("path", "/machine/peripheral"))));
            plugged.get(0).forEach(chardev -> agent.chardevs.add(chardev.path("label").asText()));
            plugged.get(1).forEach(device -> agent.devices.add(device.path("name").asText()));
            return agent;
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
    }

    /** False once the connection ended (the VM stopped) or was closed. */
    boolean isOpen() {
        return !closed;
    }

    /**
     * Starts {@code command} (one line, {@link GuestScript#command}) on a free slot and returns once it runs. A slot
     * the agent still holds for an exec of an earlier berthd is drained in the background and another one tried.
     */
    VmExecProcess exec(String command, boolean stdin) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            int slot = claimSlot();
            String execId = AgentProtocol.newExecId();
            Session session = register(execId);
            Answer answer;
            try {
                plug(slot);
                send(AgentProtocol.exec(execId, slot, stdin, command));
                answer = await(session.answer, deadline, dirs, "accept an exec");
            } catch (RuntimeException e) {
                forgetAndRelease(execId, slot);
                throw e;
            }
            switch (answer) {
                case Accepted accepted -> {
                    return attach(slot, execId, session, stdin, deadline);
                }
                case Busy busy -> {
                    sessions.remove(execId);
                    LOG.log(System.Logger.Level.INFO, "exec slot %d of VM %s still serves exec %s of an earlier berthd; draining it"
                            .formatted(slot, dirs.id(), busy.owner()));
                    drainStale(slot, busy.owner());
                }
                case Refused refused -> {
                    forgetAndRelease(execId, slot);
                    throw refusal(refused);
                }
            }
        }
    }

    /** Asks the agent to send {@code signal} to exec {@code execId}'s process group. */
    void signal(String execId, int slot, int signal) {
        send(AgentProtocol.kill(execId, slot, signal));
    }

    /**
     * Frees {@code slot} once {@code streams} (the exec's stdout and stderr) have ended, whatever is left in them
     * dropped, and the agent said the exec is done; closes {@code resources} then. Returns at once.
     */
    void releaseWhenDone(int slot, String execId, List<EndMarkedInputStream> streams, List<? extends Closeable> resources) {
        Thread.ofVirtual().name("berth-vm-exec-" + dirs.id().substring(0, 12) + "-" + slot).start(() -> {
            try {
                Thread other = Thread.ofVirtual().start(() -> drainQuietly(streams.getLast()));
                drainQuietly(streams.getFirst());
                other.join();
                Optional.ofNullable(sessions.get(execId)).ifPresent(s -> s.done.join());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                resources.forEach(GuestAgent::closeQuietly);
                forgetAndRelease(execId, slot);
            }
        });
    }

    /** Closes the connection; whatever waits on this VM's execs is told the VM is gone. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(channel);
    }

    /** The slot is the exec's: connects to its ports, then waits for the process to run. */
    private VmExecProcess attach(int slot, String execId, Session session, boolean stdin, Instant deadline) {
        List<SocketChannel> ports = List.of();
        try {
            ports = openPorts(slot, stdin ? List.of("out", "err", "in") : List.of("out", "err"));
            long pid = await(session.pid, deadline, dirs, "start an exec");
            return new VmExecProcess(this, slot, execId, session, pid, ports.get(0), ports.get(1),
                    stdin ? Optional.of(ports.get(2)) : Optional.empty());
        } catch (RuntimeException e) {
            // A process that starts late ends in its own time; its slot is drained when the agent names it busy.
            ports.forEach(GuestAgent::closeQuietly);
            forgetAndRelease(execId, slot);
            throw e;
        }
    }

    /** Reads out the output of an exec an earlier berthd left, so that its slot comes free. */
    private void drainStale(int slot, String owner) {
        register(owner);
        List<SocketChannel> ports;
        try {
            ports = openPorts(slot, List.of("out", "err"));
        } catch (RuntimeException e) {
            forgetAndRelease(owner, slot);
            throw e;
        }
        byte[] marker = AgentProtocol.endMarker(owner);
        releaseWhenDone(slot, owner, ports.stream().map(p -> new EndMarkedInputStream(Channels.newInputStream(p), marker)).toList(),
                ports);
    }

    /** Connects to the named ports of {@code slot}: all of them, or none. */
    private List<SocketChannel> openPorts(int slot, List<String> streams) {
        List<SocketChannel> opened = new ArrayList<>();
        try {
            for (String stream : streams) {
                opened.add(open(dirs, dirs.slotSocket(slot, stream).toString()));
            }
            return opened;
        } catch (RuntimeException e) {
            opened.forEach(GuestAgent::closeQuietly);
            throw e;
        }
    }

    /**
     * Plugs in the ports of {@code slot} that QEMU does not have yet: a socket chardev and a virtserialport, both
     * named like the port, which the guest finds by that name. One command a connection, so that what a failure left
     * done is known. The caller holds the slot.
     */
    private void plug(int slot) {
        for (String stream : STREAMS) {
            String name = portName(slot, stream);
            if (!chardevs.contains(name)) {
                Map<String, Object> socket = Map.of("server", true, "wait", false,
                        "addr", Map.of("type", "unix", "data", Map.of("path", dirs.slotSocket(slot, stream).toString())));
                Qmp.execute(dirs.qmpSocket(), List.of(new Qmp.Command("chardev-add",
                        Map.of("id", name, "backend", Map.of("type", "socket", "data", socket)))));
                chardevs.add(name);
            }
            if (!devices.contains(name)) {
                Qmp.execute(dirs.qmpSocket(), List.of(new Qmp.Command("device_add", Map.of("driver", "virtserialport",
                        "bus", QemuCommand.SERIAL_DEVICE + ".0", "chardev", name, "name", name, "id", name,
                        "nr", QemuCommand.portNumber(name)))));
                devices.add(name);
            }
        }
    }

    /** What init.sh looks for: berth.exec.SLOT.STREAM. */
    static String portName(int slot, String stream) {
        return PORT_PREFIX + slot + "." + stream;
    }

    static boolean isExecPort(String name) {
        return name.matches("berth\\.exec\\.[0-9]+\\.(in|out|err)");
    }

    /** The slot of port {@code berth.exec.SLOT.STREAM}. */
    static int slotOf(String portName) {
        return Integer.parseInt(portName.substring(PORT_PREFIX.length(), portName.lastIndexOf('.')));
    }

    /** The stream of port {@code berth.exec.SLOT.STREAM}: in, out or err. */
    static String streamOf(String portName) {
        return portName.substring(portName.lastIndexOf('.') + 1);
    }

    /** The exec slots' ports plugged into the running QEMU behind {@code qmpSocket}, by name. */
    static List<String> pluggedPorts(java.nio.file.Path qmpSocket) {
        List<String> ports = new ArrayList<>();
        Qmp.execute(qmpSocket, List.of(new Qmp.Command("qom-list", Map.of("path", "/machine/peripheral")))).getFirst()
                .forEach(device -> ports.add(device.path("name").asText()));
        return ports.stream().filter(GuestAgent::isExecPort).sorted().toList();
    }

    private synchronized int claimSlot() {
        if (closed) {
            throw BerthException.conflict("VM %s stopped: its guest agent is gone".formatted(dirs.id()));
        }
        for (int slot = 0; slot < SLOTS; slot++) {
            if (!slotTaken[slot]) {
                slotTaken[slot] = true;
                return slot;
            }
        }
        throw BerthException.conflict("all %d exec slots of VM %s are in use: wait for an exec to end".formatted(SLOTS, dirs.id()));
    }

    private synchronized void forgetAndRelease(String execId, int slot) {
        sessions.remove(execId);
        slotTaken[slot] = false;
    }

    private Session register(String execId) {
        Session session = new Session();
        sessions.put(execId, session);
        if (closed) {
            fail(session);
        }
        return session;
    }

    private void send(String line) {
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        try {
            synchronized (sendLock) {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        } catch (IOException e) {
            throw BerthException.conflict("cannot reach the guest agent of VM %s (has it stopped?): %s".formatted(dirs.id(), e.getMessage()));
        }
    }

    /** The reader of the connection: routes each reply to its exec; at the end, fails all that still wait. */
    private void readReplies() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                Optional<Reply> reply = AgentProtocol.parse(line);
                if (reply.isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "VM %s: ignoring what its guest agent said: %s".formatted(dirs.id(), line));
                }
                reply.ifPresent(this::route);
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.DEBUG, "VM %s: guest agent connection ended: %s".formatted(dirs.id(), e.getMessage()));
            }
        } finally {
            closed = true;
            hello.completeExceptionally(BerthException.conflict("the guest agent of VM %s closed the connection".formatted(dirs.id())));
            sessions.values().forEach(this::fail);
        }
    }

    /** Replies about execs this berthd does not know (an earlier one started them) are dropped. */
    private void route(Reply reply) {
        Optional<Session> session = Optional.ofNullable(sessions.get(reply.execId()));
        switch (reply) {
            case Hello h -> hello.complete(h);
            case Accepted a -> session.ifPresent(s -> s.answer.complete(a));
            case Busy b -> session.ifPresent(s -> s.answer.complete(b));
            case Refused r -> session.ifPresent(s -> {
                s.answer.complete(r);
                s.pid.completeExceptionally(refusal(r));
            });
            case Started s -> session.ifPresent(x -> x.pid.complete(s.pid()));
            case Exited e -> session.ifPresent(s -> s.exit.complete(e.code()));
            case Done d -> session.ifPresent(s -> s.done.complete(null));
        }
    }

    /** The VM is gone, and with it every process in it: killed, as its exit code says. */
    private void fail(Session session) {
        BerthException gone = BerthException.conflict("VM %s stopped".formatted(dirs.id()));
        session.answer.completeExceptionally(gone);
        session.pid.completeExceptionally(gone);
        session.exit.complete(QemuRuntime.EXIT_QEMU_DIED);
        session.done.complete(null);
    }

    private BerthException refusal(Refused refused) {
        return BerthException.internal("the guest agent of VM %s could not start the exec: %s".formatted(dirs.id(), refused.message()));
    }

    private static SocketChannel open(VmDirs dirs, String socket) {
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return channel;
        } catch (IOException e) {
            throw BerthException.conflict("cannot connect to %s of VM %s (is it running?): %s".formatted(socket, dirs.id(), e.getMessage()));
        }
    }

    /** The future's value, or the error it failed with; a timeout says what the agent did not do. */
    private static <T> T await(CompletableFuture<T> future, Instant deadline, VmDirs dirs, String what) {
        try {
            return future.get(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw BerthException.internal("the guest agent of VM %s did not %s within %s (see %s)".formatted(dirs.id(), what, TIMEOUT,
                    dirs.console()));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BerthException be ? be : BerthException.internal(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BerthException.internal("interrupted while waiting for the guest agent of VM " + dirs.id());
        }
    }

    private static void drainQuietly(EndMarkedInputStream stream) {
        try {
            stream.drain();
        } catch (IOException e) {
            // the VM is gone, and the rest of the stream with it
        }
    }

    private static void closeQuietly(Closeable resource) {
        try {
            resource.close();
        } catch (IOException e) {
            // nothing to do about it
        }
    }
}
