package dev.berth.runtime.qemu;

import dev.berth.common.BerthException;
import dev.berth.runtime.ExecProcess;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A process the guest agent runs in a VM ({@link GuestAgent#exec}), on one exec slot: stdout and stderr come raw
 * from the slot's out and err ports and end at the exec's end marker; stdin, when asked for, goes to its in port,
 * and closing it disconnects that port, which the guest reads as end of file. The pid is the guest's. Never has
 * a terminal.
 */
final class VmExecProcess implements ExecProcess {
    private static final int SIGKILL = 9;
    private static final System.Logger LOG = System.getLogger(VmExecProcess.class.getName());

    private final GuestAgent agent;
    private final int slot;
    private final String execId;
    private final GuestAgent.Session session;
    private final long pid;
    private final SocketChannel outPort;
    private final SocketChannel errPort;
    private final Optional<SocketChannel> inPort;
    private final EndMarkedInputStream stdout;
    private final EndMarkedInputStream stderr;
    private final AtomicBoolean closed = new AtomicBoolean();

    VmExecProcess(GuestAgent agent, int slot, String execId, GuestAgent.Session session, long pid, SocketChannel outPort,
                  SocketChannel errPort, Optional<SocketChannel> inPort) {
        this.agent = agent;
        this.slot = slot;
        this.execId = execId;
        this.session = session;
        this.pid = pid;
        this.outPort = outPort;
        this.errPort = errPort;
        this.inPort = inPort;
        byte[] marker = AgentProtocol.endMarker(execId);
        this.stdout = new EndMarkedInputStream(Channels.newInputStream(outPort), marker);
        this.stderr = new EndMarkedInputStream(Channels.newInputStream(errPort), marker);
    }

    /** The process's pid in the guest. */
    @Override
    public long pid() {
        return pid;
    }

    /** The in port, when the exec was started with stdin (else a sink): closing it is end of file for the process. */
    @Override
    public OutputStream stdin() {
        return inPort.<OutputStream>map(channel -> new FilterOutputStream(Channels.newOutputStream(channel)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                channel.shutdownOutput(); // half-closed: QEMU reads to the end, then disconnects the port
            }
        }).orElseGet(OutputStream::nullOutputStream);
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return stderr;
    }

    @Override
    public OptionalInt awaitExit(Duration timeout) {
        try {
            return OptionalInt.of(session.exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return OptionalInt.empty();
        } catch (ExecutionException e) {
            throw BerthException.internal("cannot learn how exec " + execId + " ended: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** SIGKILLs the process and its process group in the guest; a no-op once it has exited. */
    @Override
    public void kill() {
        if (session.exit.isDone()) {
            return;
        }
        try {
            agent.signal(execId, slot, SIGKILL);
        } catch (BerthException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot kill exec " + execId + ": " + e.getMessage());
        }
    }

    @Override
    public void resize(int rows, int columns) {
        throw BerthException.invalid("this exec session has no terminal to resize: exec -t into VMs is not supported yet");
    }

    /**
     * Kills the process if it still runs and hands the slot back once its output ended; what nobody read of it is
     * dropped then. Returns at once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        kill();
        List<SocketChannel> ports = new ArrayList<>(List.of(outPort, errPort));
        inPort.ifPresent(ports::add);
        agent.releaseWhenDone(slot, execId, List.of(stdout, stderr), ports);
    }
}
