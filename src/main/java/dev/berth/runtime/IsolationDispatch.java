package dev.berth.runtime;

import dev.berth.common.BerthException;
import dev.berth.common.ErrorKind;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One {@link ContainerRuntime} over two: containers go to the container runtime, VMs to the VM runtime, chosen
 * by {@link ContainerSpec#isolation()} at create and afterwards by which runtime holds the id. So the engine keeps
 * one lifecycle (restart policies, logs, wait, rm) for both kinds.
 */
public final class IsolationDispatch implements ContainerRuntime {
    private final ContainerRuntime containers;
    private final ContainerRuntime vms;

    public IsolationDispatch(ContainerRuntime containers, ContainerRuntime vms) {
        this.containers = containers;
        this.vms = vms;
    }

    /** The container runtime's facts: it is the default one. */
    @Override
    public RuntimeInfo info() {
        return containers.info();
    }

    @Override
    public void create(ContainerSpec spec) {
        (spec.isolation() == Isolation.VM ? vms : containers).create(spec);
    }

    @Override
    public int start(String id) {
        return owner(id).start(id);
    }

    @Override
    public Optional<VmBoot> boot(String id) {
        return owner(id).boot(id);
    }

    @Override
    public void kill(String id, int signal) {
        owner(id).kill(id, signal);
    }

    @Override
    public void pause(String id) {
        owner(id).pause(id);
    }

    @Override
    public void resume(String id) {
        owner(id).resume(id);
    }

    @Override
    public void update(String id, Resources limits) {
        owner(id).update(id, limits);
    }

    @Override
    public RuntimeState state(String id) {
        return owner(id).state(id);
    }

    @Override
    public List<String> list() {
        TreeSet<String> all = new TreeSet<>(containers.list());
        all.addAll(vms.list());
        return List.copyOf(all);
    }

    @Override
    public void delete(String id) {
        owner(id).delete(id);
    }

    @Override
    public void deleteLogs(String id) {
        containers.deleteLogs(id);
        vms.deleteLogs(id);
    }

    @Override
    public void onExit(Consumer<ExitEvent> listener) {
        containers.onExit(listener);
        vms.onExit(listener);
    }

    /** Logs outlive the runtime's container, so the VM runtime is asked first and the container runtime otherwise. */
    @Override
    public Stream<LogEntry> logs(String id, LogQuery query) throws IOException {
        try {
            return vms.logs(id, query);
        } catch (BerthException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                throw e;
            }
            return containers.logs(id, query);
        }
    }

    @Override
    public ExecProcess exec(String id, ExecSpec spec) {
        return owner(id).exec(id, spec);
    }

    @Override
    public OutputStream attachStdin(String id) {
        return owner(id).attachStdin(id);
    }

    @Override
    public void resizeTerminal(String id, int rows, int columns) {
        owner(id).resizeTerminal(id, rows, columns);
    }

    @Override
    public ContainerStats stats(String id) {
        return owner(id).stats(id);
    }

    @Override
    public List<List<String>> top(String id) {
        return owner(id).top(id);
    }

    /** The VM runtime when it holds {@code id}; the container runtime otherwise (which names unknown ids). */
    private ContainerRuntime owner(String id) {
        return vms.list().contains(id) ? vms : containers;
    }
}
