package dev.berth.engine;

import dev.berth.common.BerthException;
import dev.berth.common.GuestOs;
import dev.berth.common.ErrorKind;
import dev.berth.common.Ids;
import dev.berth.common.Mount;
import dev.berth.common.RootPath;
import dev.berth.image.FileChange;
import dev.berth.image.HistoryEntry;
import dev.berth.image.Image;
import dev.berth.image.ImageCommit;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageService;
import dev.berth.image.RootFs;
import dev.berth.image.Snapshotter;
import dev.berth.network.Network;
import dev.berth.network.NetworkService;
import dev.berth.runtime.ContainerRuntime;
import dev.berth.runtime.ContainerSpec;
import dev.berth.runtime.ExecProcess;
import dev.berth.runtime.ExecSpec;
import dev.berth.runtime.ExitStatus;
import dev.berth.runtime.Isolation;
import dev.berth.runtime.ProcessSpec;
import dev.berth.runtime.Resources;
import dev.berth.runtime.UserSpec;
import dev.berth.runtime.VmRuntime;
import dev.berth.runtime.VmSnapshotRef;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Container lifecycle as Docker defines it: create from an image, start, stop (signal, then kill after a
 * timeout), kill, pause, remove, restart policies with back-off, and re-adoption of containers that kept
 * running while berthd was down. Every state change is persisted before it is reported.
 *
 * <p>Legal by state: start in created/exited (304 when running); stop in running/paused (304 otherwise);
 * kill, pause in running; unpause in paused; remove in any state but running unless forced.
 */
public final class ContainerService {
    private static final Logger LOG = System.getLogger("berth.engine");
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final String CONTAINER_MODE = "container:";

    private final ContainerStore store;
    private final ImageService images;
    private final Snapshotter snapshots;
    private final ContainerRuntime runtime;
    private final VmRuntime vms;
    private final VolumeService volumes;
    private final NetworkService networks;
    private final ContainerFiles files;
    private final ContainerNetworking networking;
    private final EventLog events = new EventLog();
    private final ContainerLocks locks = new ContainerLocks();
    private final Map<String, List<CompletableFuture<Integer>>> exitWaiters = new ConcurrentHashMap<>();
    private final Map<String, List<CompletableFuture<Integer>>> removeWaiters = new ConcurrentHashMap<>();
    private final Map<String, List<CompletableFuture<Integer>>> startWaiters = new ConcurrentHashMap<>();
    private final OutputReaders outputReaders = new OutputReaders();
    private final HealthChecks healthChecks;
    private final AnonymousVolumes anonymousVolumes;

    /** {@code runtime} runs containers and VMs alike; {@code vms} is the VM runtime behind it, for what only VMs do. */
    public ContainerService(ContainerStore store, ImageService images, Snapshotter snapshots, ContainerRuntime runtime, VmRuntime vms,
                            VolumeService volumes, NetworkService networks, Path containersDir, Path hostResolvConf) {
        this.store = store;
        this.images = images;
        this.snapshots = snapshots;
        this.runtime = runtime;
        this.vms = vms;
        this.volumes = volumes;
        this.files = new ContainerFiles(containersDir);
        this.networking = new ContainerNetworking(networks, hostResolvConf, Path.of("/etc/hosts"));
        this.networks = networks;
        this.healthChecks = new HealthChecks(store, locks, events, this::execProbe);
        this.anonymousVolumes = new AnonymousVolumes(volumes);
    }

    /**
     * Re-adopts containers after a daemon start: exits that happened while berthd was down are recorded,
     * containers the runtime lost are marked exited, and restart policies of {@code always} and
     * {@code unless-stopped} bring their containers back, as dockerd does at boot.
     */
    public void recover() {
        List<String> known = runtime.list();
        for (Container c : store.all()) {
            if (c.state().isRunning() && !known.contains(c.id())) {
                recordExit(c.id(), new ExitStatus(255, false, Instant.now()), "container vanished while berthd was down");
            }
        }
        networks.recover(store.all().stream().filter(c -> c.state().isRunning()).map(Container::id)
                .collect(java.util.stream.Collectors.toSet()));
        runtime.onExit(event -> recordExit(event.id(), event.status(), ""));
        releaseVmDisks();
        healthChecks.recover();
        for (Container c : store.all()) {
            String policy = c.hostSettings().restartPolicy().name();
            boolean wanted = policy.equals("always") || (policy.equals("unless-stopped") && !c.stoppedByUser());
            if (!c.state().isRunning() && wanted && !c.state().startedAt().equals(ContainerState.ZERO_TIME)) {
                Thread.ofVirtual().start(() -> restartQuietly(c.id(), c.restartCount()));
            }
        }
    }

    public Container create(CreateContainer req) {
        GuestOs.validate(req.labels(), req.host().isolationKind() == Isolation.VM);
        return create(req, GuestOs.disk(req.labels()).isPresent() ? images.commit(DISK_VM_IMAGE) : images.resolve(req.image()));
    }

    /** What a VM booted from its own disk stands on: no files (the disk has them all), and the disk's init to run. */
    private static final ImageCommit DISK_VM_IMAGE = new ImageCommit(Optional.empty(), Optional.empty(),
            new ImageConfig(null, null, List.of(), null, List.of("/sbin/init"), null, null, null, null),
            new HistoryEntry(Instant.EPOCH, "berth vm create --disk", "", true));

    /** Creates the container {@code req} asks for from {@code image}, which {@code req.image()} names to users. */
    private Container create(CreateContainer req, Image image) {
        ImageConfig ic = image.config();
        List<String> entrypoint = req.entrypointSet() ? req.entrypoint() : ic.entrypoint();
        List<String> cmd = !req.cmd().isEmpty() ? req.cmd() : req.entrypointSet() ? List.of() : ic.cmd();
        if (entrypoint.isEmpty() && cmd.isEmpty()) {
            throw BerthException.invalid("No command specified");
        }
        validateMounts(req.host());
        HostSettings host = normalise(req.host());
        Map<String, EndpointSettings> endpoints;
        if (host.networkMode().startsWith(CONTAINER_MODE)) {
            host = host.withNetworkMode(CONTAINER_MODE + sharedNetworkOwner(host, req.endpoints()).id());
            endpoints = Map.of();
        } else {
            endpoints = networking.initial(host.networkMode(), req.endpoints());
            host = host.withNetworkMode(endpoints.keySet().iterator().next());
        }
        String id = Ids.newId();
        String name = req.name().isEmpty() ? NameGenerator.generate(n -> store.byName(n).isPresent()) : req.name();
        String hostname = req.hostname().isEmpty() ? id.substring(0, 12) : req.hostname();
        Map<String, Object> volumePaths = new LinkedHashMap<>();
        Stream.concat(ic.volumes().keySet().stream(), req.volumes().stream()).forEach(p -> volumePaths.put(p, Map.of()));
        ContainerConfig config = new ContainerConfig(hostname, req.user().isEmpty() ? ic.user() : req.user(), req.attach().stdin(),
                req.attach().stdout(), req.attach().stderr(), req.tty(),
                req.openStdin(), req.stdinOnce(), mergeEnv(ic.env(), req.env(), hostname, req.tty()), cmd, entrypoint,
                req.image(), req.workingDir().isEmpty() ? ic.workingDir() : req.workingDir(), mergeLabels(ic.labels(), req.labels()),
                req.stopSignal().isEmpty() ? ic.stopSignal() : req.stopSignal(), exposedPorts(ic.exposedPorts(), req.exposedPorts()),
                volumePaths, req.healthcheck().over(ic.healthcheck()));
        store.requireNameFree(name); // before the snapshot is made; insert checks again atomically
        // A VM's own disk holds these paths already; a container gets a volume for each.
        List<String> anonymous = host.isolationKind() == Isolation.VM ? List.of()
                : anonymousVolumes.create(AnonymousVolumes.uncovered(host, volumePaths.keySet()));
        host = host.withBinds(Stream.concat(host.binds().stream(), anonymous.stream()).toList());
        Container c;
        try {
            RootFs rootfs = snapshots.prepare(id, image);
            c = new Container(id, name, Instant.now(), image.id().toString(), config, host,
                    ContainerState.created(), rootfs.path().toString(), 0, false, endpoints, Map.of());
            store.insert(c);
        } catch (RuntimeException e) {
            snapshots.remove(id);
            anonymousVolumes.remove(anonymous, List.of());
            throw e;
        }
        event("create", id, Map.of());
        return c;
    }

    /**
     * Starts a created or exited container; a user start resets the restart count. A --rm container whose process
     * could not start is removed, as dockerd does: it never exits, and `docker run --rm` waits for its removal.
     */
    public void start(String ref) {
        start(ref, Optional.empty());
    }

    /** Starts a created or exited VM from {@code snapshot} instead of booting it, as a user start. */
    void startFrom(String ref, VmSnapshotRef snapshot) {
        start(ref, Optional.of(snapshot));
    }

    private void start(String ref, Optional<VmSnapshotRef> snapshot) {
        Container c = store.resolve(ref);
        try {
            locks.run(c.id(), () -> {
                Container cur = store.resolve(c.id());
                if (cur.state().isRunning()) {
                    throw BerthException.notModified("container already started");
                }
                updateIfChanged(cur, cur.withRestarts(0, false));
                launch(cur.id(), snapshot);
            });
        } catch (BerthException e) {
            if (e.kind() != ErrorKind.NOT_MODIFIED && c.hostSettings().autoRemove() && store.byId(c.id()).isPresent()) {
                try {
                    remove(c.id(), true, true); // no output to wait for: the process never ran
                } catch (BerthException removal) {
                    e.addSuppressed(removal);
                }
            }
            throw e;
        }
    }

    /**
     * Puts running VM {@code id} back into {@code snapshot}: the VM runtime replaces its QEMU by one resumed from it,
     * in the same network; the VM stays running, with the new pid. Should the resumed one fail, the runtime reports
     * the VM's exit as any other.
     */
    void restoreRunning(String id, VmSnapshotRef snapshot) {
        locks.run(id, () -> {
            Container cur = store.resolve(id);
            if (!cur.state().isRunning()) {
                throw BerthException.conflict("VM " + cur.name() + " stopped meanwhile; restore it again to start it from the snapshot");
            }
            int pid = vms.restore(id, snapshot);
            ContainerState running = cur.state().running(pid, Instant.now());
            store.update(cur.withState(runtime.boot(id).map(running::booted).orElse(running)));
            if (cur.state().status().equals("paused")) { // a restored VM runs, and its health checks with it
                healthChecks.start(store.resolve(id));
            }
            event("restore", id, Map.of("snapshot", snapshot.name()));
        });
    }

    /**
     * A new container made like {@code source}, a VM, to be started from one of its snapshots: the same image,
     * command, environment, resources and networks, with its own name, hostname and addresses.
     */
    Container createClone(Container source, String name) {
        ContainerConfig sc = source.config();
        Map<String, EndpointSettings> endpoints = new LinkedHashMap<>();
        source.networks().keySet().forEach(network -> endpoints.put(network, EndpointSettings.requested("", List.of())));
        CreateContainer req = new CreateContainer(name, sc.image(), sc.cmd(), sc.entrypoint(), true,
                sc.env().stream().filter(e -> !e.startsWith("HOSTNAME=")).toList(), sc.workingDir(), sc.user(), sc.tty(),
                sc.openStdin(), sc.stdinOnce(), sc.attach(), "", sc.labels(), sc.stopSignal(), source.hostSettings(),
                List.copyOf(sc.exposedPorts().keySet()), List.copyOf(sc.volumes().keySet()), endpoints, sc.healthcheck());
        return create(req, images.resolve(source.imageId()));
    }

    /** Runs {@code work} under the lock of container {@code id}, as every change of its state is made. */
    <T> T locked(String id, java.util.function.Supplier<T> work) {
        return locks.call(id, work);
    }

    public void stop(String ref, Optional<Integer> timeoutSeconds, Optional<String> signal) {
        Container c = store.resolve(ref);
        CompletableFuture<Integer> exited = new CompletableFuture<>();
        locks.run(c.id(), () -> {
            Container cur = store.resolve(c.id());
            if (!cur.state().isRunning()) {
                throw BerthException.notModified("container already stopped");
            }
            store.update(cur.withRestarts(cur.restartCount(), true));
            addWaiter(exitWaiters, cur.id(), exited);
            if (cur.state().status().equals("paused")) {
                runtime.resume(cur.id());
            }
            runtime.kill(cur.id(), Signals.parse(signal.orElse(cur.config().stopSignal()), Signals.SIGTERM));
        });
        int timeout = timeoutSeconds.orElse(GuestOs.requested(c.config().labels()) ? GuestOs.STOP_TIMEOUT_SECONDS : 10);
        try {
            if (timeout < 0) {
                exited.get();
            } else {
                exited.get(timeout, TimeUnit.SECONDS);
            }
        } catch (TimeoutException e) {
            killAndAwait(c.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BerthException.internal("interrupted while stopping " + c.name());
        } catch (ExecutionException e) {
            throw BerthException.internal("stopping " + c.name() + " failed: " + e.getCause().getMessage(), e);
        }
        event("stop", c.id(), Map.of());
    }

    public void kill(String ref, String signal) {
        Container c = store.resolve(ref);
        int sig = Signals.parse(signal, Signals.SIGKILL);
        locks.run(c.id(), () -> {
            Container cur = store.resolve(c.id());
            if (!cur.state().isRunning()) {
                throw BerthException.conflict("Cannot kill container: " + ref + ": Container " + cur.id() + " is not running");
            }
            if (sig == Signals.SIGKILL || sig == Signals.SIGTERM) {
                store.update(cur.withRestarts(cur.restartCount(), true));
            }
            runtime.kill(cur.id(), sig);
            event("kill", cur.id(), Map.of("signal", String.valueOf(sig)));
        });
    }

    public void restart(String ref, Optional<Integer> timeoutSeconds) {
        Container c = store.resolve(ref);
        try {
            stop(c.id(), timeoutSeconds, Optional.empty());
        } catch (BerthException e) {
            if (e.kind() != ErrorKind.NOT_MODIFIED) {
                throw e;
            }
        }
        start(c.id());
    }

    public void pause(String ref) {
        Container c = store.resolve(ref);
        locks.run(c.id(), () -> {
            Container cur = store.resolve(c.id());
            if (cur.state().status().equals("paused")) {
                throw BerthException.conflict("Container " + cur.id() + " is already paused");
            }
            if (!cur.state().status().equals("running")) {
                throw BerthException.conflict("Container " + cur.id() + " is not running");
            }
            runtime.pause(cur.id());
            healthChecks.stop(cur.id());
            store.update(cur.withState(cur.state().withStatus("paused").withHealth(cur.state().health().checksStopped())));
            event("pause", cur.id(), Map.of());
        });
    }

    public void unpause(String ref) {
        Container c = store.resolve(ref);
        locks.run(c.id(), () -> {
            Container cur = store.resolve(c.id());
            if (!cur.state().status().equals("paused")) {
                throw BerthException.conflict("Container " + cur.id() + " is not paused");
            }
            runtime.resume(cur.id());
            store.update(cur.withState(cur.state().withStatus("running")));
            healthChecks.start(store.resolve(cur.id()));
            event("unpause", cur.id(), Map.of());
        });
    }

    /** Removes a container; a running one only with {@code force}, which kills it first. */
    public void remove(String ref, boolean force, boolean removeVolumes) {
        Container c = store.resolve(ref);
        if (c.state().isRunning()) {
            if (!force) {
                throw BerthException.conflict("You cannot remove a running container " + c.id()
                        + ". Stop the container before attempting removal or force remove");
            }
            store.update(c.withRestarts(c.restartCount(), true));
            killAndAwait(c.id());
        }
        locks.run(c.id(), () -> {
            healthChecks.stop(c.id());
            boolean vm = c.hostSettings().isolationKind() == Isolation.VM;
            // A container's runtime state (runc delete, conmon's exit) and its root's unmount do not touch each
            // other: both at once take a removal, and so `run --rm`, one runc call shorter. A VM's disk is built
            // from its root, so that one waits.
            CompletableFuture<Void> runtimeReleased = CompletableFuture.runAsync(() -> releaseRuntime(c.id()),
                    task -> Thread.ofVirtual().start(task));
            if (vm) {
                awaitRelease(runtimeReleased);
            }
            networking.stop(c.id());
            snapshots.remove(c.id());
            files.delete(c.id()); // bound into the container's mount namespace only, gone with its processes
            awaitRelease(runtimeReleased);
            runtime.deleteLogs(c.id());
            if (vm) {
                vms.removeSnapshots(c.id()); // their rows go with the container's
            }
            event("destroy", c.id(), Map.of());
            store.delete(c.id());
            if (removeVolumes) {
                anonymousVolumes.remove(c.hostSettings().binds(), store.all());
            }
        });
        locks.forget(c.id());
        exitWaiters.remove(c.id());
        startWaiters.remove(c.id());
        completeAll(removeWaiters.remove(c.id()), c.state().exitCode());
    }

    /**
     * {@code docker update}: stores new limits and restart policy, and applies the limits at once to a running or
     * paused container (its cgroup), otherwise at its next start. Nothing changes when the runtime refuses them.
     */
    public void update(String ref, ContainerUpdate update) {
        Container c = store.resolve(ref);
        locks.run(c.id(), () -> {
            Container cur = store.resolve(c.id());
            HostSettings h = update.applyTo(cur.hostSettings());
            if (h.autoRemove() && !h.restartPolicy().name().equals("no")) {
                throw BerthException.invalid("Restart policy cannot be updated because AutoRemove is enabled for the container "
                        + cur.id());
            }
            Resources limits = checkLimits(h, Runtime.getRuntime().availableProcessors());
            if (cur.state().isRunning()) {
                runtime.update(cur.id(), limits);
            }
            store.update(cur.withHostSettings(h));
        });
        event("update", c.id(), Map.of());
    }

    /** {@code docker diff}: what the container changed in its root file system, sorted by path. Legal in every state. */
    public List<FileChange> changes(String ref) {
        Container c = store.resolve(ref);
        return snapshots.changes(c.id(), images.resolve(c.imageId()));
    }

    /**
     * {@code docker container prune}: removes every container that is not running and that {@code selected}
     * accepts. One that starts meanwhile is skipped.
     */
    public PruneReport prune(Predicate<Container> selected) {
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (Container c : List.copyOf(store.all())) {
            if (c.state().isRunning() || c.state().status().equals("restarting") || !selected.test(c)) {
                continue;
            }
            long size = writtenBytes(c);
            try {
                remove(c.id(), false, false);
            } catch (BerthException startedMeanwhile) {
                continue;
            }
            deleted.add(c.id());
            reclaimed += size;
        }
        return new PruneReport(deleted, reclaimed);
    }

    /** What a prune removed: container ids and the bytes their writable layers held. */
    public record PruneReport(List<String> deletedIds, long reclaimedBytes) {
        public PruneReport {
            deletedIds = List.copyOf(deletedIds);
        }
    }

    public void rename(String ref, String newName) {
        Container c = store.resolve(ref);
        String name = CreateContainer.validName(newName);
        if (name.equals(c.name())) {
            throw BerthException.invalid("Renaming a container with the same name as its current name");
        }
        try {
            locks.run(c.id(), () -> store.update(store.resolve(c.id()).withName(name)));
        } catch (BerthException e) {
            throw e.kind() == ErrorKind.CONFLICT ? BerthException.conflict("Error when allocating new name: " + e.getMessage()) : e;
        }
        event("rename", c.id(), Map.of("oldName", "/" + c.name()));
    }

    /** {@code network connect}: joins at once when the container runs, at its next start otherwise. */
    public void connect(String ref, String network, EndpointSettings settings) {
        Container c = store.resolve(ref);
        locks.run(c.id(), () -> {
            Container cur = store.resolve(c.id());
            Network n = networks.resolve(network);
            String mode = cur.hostSettings().networkMode();
            if (!n.hasBridge() || mode.equals("host") || mode.equals("none")) {
                throw BerthException.invalid("container cannot be connected to multiple networks with one of the networks in "
                        + (n.hasBridge() ? mode : n.name()) + " mode");
            }
            if (cur.networks().containsKey(n.name())) {
                throw BerthException.conflict("endpoint with name " + cur.name() + " already exists in network " + n.name());
            }
            networking.check(n, settings);
            Map<String, EndpointSettings> updated = new LinkedHashMap<>(cur.networks());
            updated.put(n.name(), cur.state().isRunning() ? networking.connectRunning(cur, n.name(), settings) : settings);
            store.update(cur.withNetworks(updated, cur.ports()));
            events.publish("network", "connect", n.id(), Map.of("container", cur.id(), "name", n.name(), "type", n.driver()));
        });
    }

    /** {@code network disconnect}: leaves at once when the container runs. */
    public void disconnect(String ref, String network) {
        Container c = store.resolve(ref);
        locks.run(c.id(), () -> {
            Container cur = store.resolve(c.id());
            Network n = networks.resolve(network);
            if (!cur.networks().containsKey(n.name())) {
                throw BerthException.conflict("container " + cur.id() + " is not connected to network " + n.name());
            }
            if (cur.state().isRunning() && n.hasBridge()) {
                networks.disconnect(cur.id(), n.id());
            }
            Map<String, EndpointSettings> updated = new LinkedHashMap<>(cur.networks());
            updated.remove(n.name());
            store.update(cur.withNetworks(updated, cur.ports()));
            events.publish("network", "disconnect", n.id(), Map.of("container", cur.id(), "name", n.name(), "type", n.driver()));
        });
    }

    /**
     * A future completed with the exit code when the condition holds: {@code not-running} (at once if it is
     * not running), {@code next-exit}, or {@code removed}.
     */
    public CompletableFuture<Integer> waitFor(String ref, String condition) {
        Container c = store.resolve(ref);
        CompletableFuture<Integer> f = new CompletableFuture<>();
        switch (condition) {
            case "", "not-running" -> {
                addWaiter(exitWaiters, c.id(), f);
                Container cur = store.resolve(c.id());
                if (!cur.state().isRunning()) {
                    f.complete(cur.state().exitCode());
                }
            }
            case "next-exit" -> addWaiter(exitWaiters, c.id(), f);
            case "removed" -> addWaiter(removeWaiters, c.id(), f);
            default -> throw BerthException.invalid("invalid condition: \"" + condition + "\" (use not-running, next-exit or removed)");
        }
        return f;
    }

    /** A future completed when the container next starts (attach waits on it before it streams). */
    public CompletableFuture<Integer> nextStart(String ref) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        addWaiter(startWaiters, store.resolve(ref).id(), f);
        return f;
    }

    /**
     * Marks an attached client that reads the container's output from its log; {@code --rm} waits for it to
     * finish before it deletes the log, so a short-lived container's output is never lost. Close to release.
     * Each is an {@code attach} event, as in dockerd.
     */
    public AutoCloseable holdOutput(String ref) {
        String id = store.resolve(ref).id();
        AutoCloseable hold = outputReaders.hold(id);
        event("attach", id, Map.of());
        return hold;
    }

    /** Bytes the container wrote to its root file system (Docker's SizeRw). */
    public long writtenBytes(Container c) {
        return snapshots.writtenBytes(c.id());
    }

    /** Where the container's root file system lives, as Docker's {@code GraphDriver.Data} names it. */
    public Map<String, String> storage(Container c) {
        return snapshots.describe(c.id(), images.resolve(c.imageId()));
    }

    /**
     * The container's health now, for code that gates on it (depends_on, rollouts, the load balancer): status
     * {@link HealthStatus#NONE} without a health check. Changes arrive as {@code health_status: ...} events.
     */
    public ContainerHealth health(String ref) {
        return store.resolve(ref).state().health();
    }

    /** Stops the health checks' probes at daemon shutdown; the containers keep running. */
    public void close() {
        healthChecks.close();
    }

    /** A health probe: {@code argv} run as an exec of the container's user, env and working directory, as dockerd does. */
    private ExecProcess execProbe(String id, List<String> argv) {
        Container c = running(id);
        return runtime.exec(id, new ExecSpec(processFor(c, argv, List.of(), "", "", false), false));
    }

    /** Container, network and image events, for {@code GET /events}. */
    public EventLog events() {
        return events;
    }

    /** A container event, if the container still exists. */
    private void event(String action, String id, Map<String, String> extra) {
        store.byId(id).ifPresent(c -> events.publishContainer(action, c, extra));
    }

    public Container inspect(String ref) {
        return store.resolve(ref);
    }

    /** The container with this full id, if it still exists. */
    public Optional<Container> find(String id) {
        return store.byId(id);
    }

    public List<Container> list(boolean all) {
        return store.all().stream()
                .filter(c -> all || c.state().isRunning())
                .sorted(Comparator.comparing(Container::created).reversed())
                .toList();
    }

    /** Drops the VM root disks of images deleted since ({@code rmi}, image prune); disks a VM still reads stay. */
    public void releaseVmDisks() {
        vms.retainRootDisks(images.list().stream().map(i -> i.id().toString()).collect(java.util.stream.Collectors.toSet()));
    }

    /** Image id → a container using it, so the image store refuses to delete images in use and names one. */
    public Map<String, String> containerByImage() {
        return store.all().stream().collect(java.util.stream.Collectors.toMap(Container::imageId, Container::id, (a, b) -> a));
    }

    /** The running container that {@code ref} names, for exec, stats and top. */
    public Container running(String ref) {
        Container c = store.resolve(ref);
        if (!c.state().isRunning()) {
            throw BerthException.conflict("Container " + c.id() + " is not running");
        }
        if (c.state().status().equals("paused")) {
            throw BerthException.conflict("Container " + c.id() + " is paused, unpause the container before exec");
        }
        return c;
    }

    /** Builds the process spec for {@code argv} run in container {@code c} as {@code user} (image user if empty). */
    public ProcessSpec processFor(Container c, List<String> argv, List<String> extraEnv, String user, String workingDir, boolean tty) {
        UserSpec u = UserSpec.resolve(user.isEmpty() ? c.config().user() : user, Path.of(c.rootfs()));
        List<String> env = mergeEnv(c.config().env(), extraEnv, c.config().hostname(), tty);
        String cwd = workingDir.isEmpty() ? (c.config().workingDir().isEmpty() ? "/" : c.config().workingDir()) : workingDir;
        return new ProcessSpec(argv, env, cwd, u.uid(), u.gid(), u.additionalGids(), tty);
    }

    /** Creates the container in the runtime and starts it, or for a VM with {@code snapshot}, resumes it from that. */
    private void launch(String id, Optional<VmSnapshotRef> snapshot) {
        Container c = store.resolve(id);
        try {
            Image image = images.resolve(c.imageId());
            RootFs rootfs = snapshots.prepare(id, image);
            ProcessSpec process = processFor(c, c.config().argv(), List.of(), "", "", c.config().tty());
            Isolation isolation = c.hostSettings().isolationKind();
            if (isolation == Isolation.CONTAINER) { // a VM's guest makes it on its own disk, leaving the root as the image's
                Files.createDirectories(rootfs.path().resolve(process.cwd().substring(1)));
            }
            releaseRuntime(id);
            networking.stop(id);
            ContainerNetworking.Started net = c.hostSettings().networkMode().startsWith(CONTAINER_MODE)
                    ? sharedNetwork(c) : networking.start(c);
            Container current = store.resolve(id);
            updateIfChanged(current, current.withNetworks(net.networks(), net.ports()));
            List<Mount> mounts = new ArrayList<>(files.write(id, c.config().hostname(), net.hosts(), net.resolvConf()));
            mounts.addAll(userMounts(c.hostSettings()));
            HostSettings h = c.hostSettings();
            ContainerSpec spec = new ContainerSpec(id, rootfs.path(), h.readonlyRootfs(), process, c.config().hostname(),
                    mounts, h.limits(),
                    net.hostNetwork() ? ContainerSpec.NetworkMode.HOST
                            : net.namespace().isPresent() ? ContainerSpec.NetworkMode.JOIN : ContainerSpec.NetworkMode.NONE,
                    c.config().labels(),
                    !c.config().openStdin() ? ContainerSpec.Stdin.NONE
                            : c.config().stdinOnce() ? ContainerSpec.Stdin.ONCE : ContainerSpec.Stdin.KEEP_OPEN,
                    net.namespace().orElse(null), isolation, h.diskBytes() > 0 ? "" : vmRootImage(isolation, id, image), h.diskBytes());
            runtime.create(spec);
            Instant startedAt = Instant.now();
            int pid = snapshot.isPresent() ? vms.startFrom(id, snapshot.get()) : runtime.start(id);
            ContainerState running = c.state().running(pid, startedAt).withHealth(HealthChecks.atStart(c));
            store.update(store.resolve(id).withState(runtime.boot(id).map(running::booted).orElse(running)));
            healthChecks.start(store.resolve(id));
            event("start", id, Map.of());
            completeAll(startWaiters.remove(id), 0);
        } catch (BerthException | IOException e) {
            String message = e.getMessage();
            int code = exitCodeOfStartError(message, 128);
            releaseRuntime(id);
            releaseNetwork(id);
            store.update(store.resolve(id).withState(store.resolve(id).state().failedToStart(message, code)));
            if (e instanceof BerthException be && be.kind() != ErrorKind.INTERNAL) {
                throw be;
            }
            throw code == 128 ? BerthException.internal("failed to start container " + id + ": " + message, e)
                    : BerthException.invalid("failed to create shim task: " + message + ": unknown"); // dockerd's words
        }
    }

    /**
     * The image a VM's root file system still holds unchanged, which lets the VM runtime share one root disk per
     * image; empty for containers, and for VMs whose root was written to (docker cp before the start).
     */
    private String vmRootImage(Isolation isolation, String id, Image image) {
        return isolation == Isolation.VM && snapshots.changes(id, image).isEmpty() ? image.id().toString() : "";
    }

    /** dockerd's exit code for a process that could not start: 126 not executable, 127 not found. */
    static int exitCodeOfStartError(String message, int otherwise) {
        return message.contains("permission denied") ? 126
                : message.contains("not found") || message.contains("no such file") ? 127 : otherwise;
    }

    /** Records an exit once, tells waiters, then applies --rm or the restart policy. */
    private void recordExit(String id, ExitStatus status, String error) {
        Optional<Container> found = store.byId(id);
        if (found.isEmpty()) {
            return;
        }
        Container c = found.get();
        locks.run(id, () -> {
            Container cur = store.resolve(id);
            healthChecks.stop(id);
            ContainerState st = cur.state().exited(status.code(), status.oomKilled(), status.at());
            store.update(cur.withState(error.isEmpty() ? st : st.withError(error)));
            // Waiters hear of the exit first; the runtime's cleanup (runc delete, the monitor's exit) follows
            // under the same lock, so a start asked for meanwhile still waits for it.
            completeAll(exitWaiters.remove(id), status.code());
            if (!cur.hostSettings().autoRemove()) { // a --rm container's removal releases it, beside its root's
                releaseRuntime(id);
            }
            releaseNetwork(id);
            event("die", id, Map.of("exitCode", String.valueOf(status.code())));
        });
        Container after = store.resolve(id);
        if (after.hostSettings().autoRemove()) {
            Thread.ofVirtual().start(() -> removeQuietly(id));
        } else if (after.hostSettings().restartPolicy().shouldRestart(status.code(), after.restartCount(), after.stoppedByUser())) {
            Duration delay = backoff(after.restartCount(), Duration.between(c.state().startedAt(), status.at()));
            Thread.ofVirtual().start(() -> {
                sleepQuietly(delay);
                restartQuietly(id, after.restartCount());
            });
        }
    }

    /**
     * Drops the runtime's container once it has exited, so no cgroup, monitor or bundle outlives the process
     * (runc cannot start a stopped container again anyway); the log stays with the container.
     */
    private void releaseRuntime(String id) {
        if (runtime.list().contains(id)) {
            runtime.delete(id);
        }
    }

    /**
     * {@code --network container:NAME}: the other container's network namespace, /etc/hosts and resolv.conf,
     * as Docker shares them; that container must be running, and owns everything network about both.
     */
    private ContainerNetworking.Started sharedNetwork(Container c) {
        String ownerId = c.hostSettings().networkMode().substring(CONTAINER_MODE.length());
        Container owner = store.byId(ownerId).orElseThrow(() -> BerthException.notFound(
                "cannot join the network of container " + ownerId + ": No such container"));
        if (!owner.state().isRunning()) {
            throw BerthException.conflict("cannot join the network of container " + owner.name() + ": it is not running");
        }
        try {
            return new ContainerNetworking.Started(Optional.of(Path.of("/proc", String.valueOf(owner.state().pid()), "ns", "net")),
                    false, Map.of(), Map.of(), Files.readString(files.dir(ownerId).resolve("hosts")),
                    Files.readString(files.dir(ownerId).resolve("resolv.conf")));
        } catch (IOException e) {
            throw BerthException.internal("cannot read the network files of container " + owner.name() + ": " + e.getMessage(), e);
        }
    }

    /** The container whose network a {@code container:NAME} request joins; what it may not ask for besides. */
    private Container sharedNetworkOwner(HostSettings host, Map<String, EndpointSettings> endpoints) {
        String ref = host.networkMode().substring(CONTAINER_MODE.length());
        if (!host.portBindings().isEmpty() || host.publishAllPorts()) {
            throw BerthException.invalid("conflicting options: port publishing and the container type network mode");
        }
        if (!host.dns().isEmpty() || !host.extraHosts().isEmpty() || !endpoints.isEmpty()) {
            throw BerthException.invalid("conflicting options: dns, extra hosts or networks and the container type network mode");
        }
        return store.find(ref).orElseThrow(() -> BerthException.notFound("No such container: " + ref));
    }

    /** Tears the container's network down and forgets the addresses and ports it had, as Docker does at exit. */
    private void releaseNetwork(String id) {
        networking.stop(id);
        Container c = store.resolve(id);
        Map<String, EndpointSettings> detached = new LinkedHashMap<>();
        c.networks().forEach((name, settings) -> detached.put(name, settings.detached()));
        updateIfChanged(c, c.withNetworks(detached, Map.of()));
    }

    /**
     * Stores {@code changed} unless it is {@code current} as it was: a start with no restart count to reset, a
     * network mode without endpoints to record (none, host) saves a write.
     */
    private void updateIfChanged(Container current, Container changed) {
        if (!changed.equals(current)) {
            store.update(changed);
        }
    }

    /** Docker's back-off: 100 ms doubling per restart, reset after a run of 10 s or more, at most a minute. */
    static Duration backoff(int restarts, Duration lastRun) {
        if (lastRun.compareTo(Duration.ofSeconds(10)) >= 0) {
            return Duration.ofMillis(100);
        }
        long ms = 100L << Math.min(restarts, 20);
        return ms > MAX_BACKOFF.toMillis() ? MAX_BACKOFF : Duration.ofMillis(ms);
    }

    private void restartQuietly(String id, int restartsSoFar) {
        try {
            locks.run(id, () -> {
                Container cur = store.resolve(id);
                if (cur.state().isRunning() || cur.stoppedByUser() && !cur.hostSettings().restartPolicy().name().equals("always")) {
                    return;
                }
                store.update(cur.withRestarts(restartsSoFar + 1, false));
                launch(id, Optional.empty());
            });
        } catch (BerthException e) {
            LOG.log(Level.WARNING, "restart of " + id + " failed: " + e.getMessage());
        }
    }

    private void removeQuietly(String id) {
        outputReaders.awaitNone(id, Duration.ofSeconds(30));
        try {
            remove(id, true, true); // docker run --rm takes the container's anonymous volumes with it
        } catch (BerthException e) {
            LOG.log(Level.WARNING, "auto-remove of " + id + " failed: " + e.getMessage());
        }
    }

    private void killAndAwait(String id) {
        CompletableFuture<Integer> exited = new CompletableFuture<>();
        addWaiter(exitWaiters, id, exited);
        if (!store.resolve(id).state().isRunning()) {
            return;
        }
        runtime.kill(id, Signals.SIGKILL);
        try {
            exited.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw BerthException.internal("container " + id + " did not exit 30 s after SIGKILL", e);
        }
    }

    /**
     * The container's file system as its processes see it: the root with the container's files, binds and volumes
     * over it, mounted again if a daemon restart left it unmounted. Legal in every state. A tmpfs lives only in
     * the container's mount namespace, so what lies under one is the root's.
     */
    RootPath filesystem(Container c) {
        Path rootfs = rootfs(c);
        Map<String, Path> mounted = new LinkedHashMap<>();
        List<Mount> mounts = new ArrayList<>(files.mounts(c.id()));
        mounts.addAll(userMounts(c.hostSettings()));
        mounts.stream().filter(m -> m.type().equals("bind")).forEach(m -> mounted.put(m.destination(), Path.of(m.source())));
        return RootPath.withMounts(rootfs, mounted);
    }

    /** The container's own root file system, without binds and volumes, mounted again if a daemon restart left it unmounted. */
    Path rootfs(Container c) {
        return snapshots.prepare(c.id(), images.resolve(c.imageId())).path();
    }

    /**
     * Why {@code path} (absolute in the container, links already followed) may not be written into, as Docker words
     * it: the deepest bind or volume holding it is read-only, or none holds it and the root is read-only.
     */
    Optional<String> readOnlyReason(Container c, String path) {
        Optional<Mount> holder = userMounts(c.hostSettings()).stream()
                .filter(m -> m.type().equals("bind"))
                .filter(m -> path.equals(m.destination()) || path.startsWith(m.destination().replaceAll("/+$", "") + "/"))
                .max(Comparator.comparingInt(m -> m.destination().length()));
        if (holder.isPresent()) {
            return holder.get().options().contains("ro") ? Optional.of("mounted volume is marked read-only") : Optional.empty();
        }
        return c.hostSettings().readonlyRootfs() ? Optional.of("container rootfs is marked read-only") : Optional.empty();
    }

    private List<Mount> userMounts(HostSettings h) {
        List<Mount> out = new ArrayList<>();
        for (String bind : h.binds()) {
            BindSpec b = BindSpec.parse(bind);
            String source = VolumeService.isVolumeName(b.source())
                    ? volumes.create(b.source(), Map.of()).mountpoint().toString() : b.source();
            out.add(Mount.bind(source, b.destination(), b.readOnly()));
        }
        h.tmpfs().forEach((dest, opts) -> {
            List<String> options = new ArrayList<>(List.of("nosuid", "nodev", "noexec"));
            if (!opts.isEmpty()) {
                options.addAll(List.of(opts.split(",")));
            }
            out.add(new Mount("tmpfs", "tmpfs", dest, options));
        });
        return out;
    }

    private static void validateMounts(HostSettings h) {
        for (String bind : h.binds()) {
            BindSpec b = BindSpec.parse(bind);
            if (!VolumeService.isVolumeName(b.source()) && !Files.exists(Path.of(b.source()))) {
                throw BerthException.invalid("invalid mount config: bind source path does not exist: " + b.source());
            }
        }
        for (String dest : h.tmpfs().keySet()) {
            if (!dest.startsWith("/")) {
                throw BerthException.invalid("invalid tmpfs mount: destination '" + dest + "' must be an absolute path");
            }
        }
    }

    /** The network mode as stored, and isolation and port keys checked now so a bad one fails create, not start. */
    private static HostSettings normalise(HostSettings h) {
        h.portBindings().forEach((port, bindings) -> {
            PortKey.parse(port);
            bindings.forEach(b -> PortKey.hostPort(b.hostPort()));
        });
        if (h.isolationKind() != Isolation.VM && h.diskBytes() > 0) {
            throw BerthException.invalid("--storage-opt size sizes a VM's root disk (--isolation vm); a container's overlay root has no size limit here");
        }
        checkLimits(h, Runtime.getRuntime().availableProcessors());
        return h.withNetworkMode(ContainerNetworking.mode(h.networkMode()));
    }

    /** The limits {@code h} asks for, refused as dockerd refuses them at create and update: more CPUs than the host has. */
    static Resources checkLimits(HostSettings h, int hostCpus) {
        Resources limits = h.limits();
        if (limits.nanoCpus() > 0 && (limits.nanoCpus() < 10_000_000L || limits.nanoCpus() > hostCpus * 1_000_000_000L)) {
            throw BerthException.invalid("Range of CPUs is from 0.01 to %d.00, as there are only %d CPUs available"
                    .formatted(hostCpus, hostCpus));
        }
        return limits;
    }

    /** The image's env overlaid by the request's, by key; PATH and HOSTNAME as Docker sets them. */
    static List<String> mergeEnv(List<String> base, List<String> overrides, String hostname, boolean tty) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOSTNAME", hostname);
        if (tty) {
            env.put("TERM", "xterm");
        }
        for (List<String> list : List.of(base, overrides)) {
            for (String e : list) {
                int eq = e.indexOf('=');
                env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
            }
        }
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    /** The image's exposed ports and the request's, keyed "80/tcp" as Docker stores them. */
    private static Map<String, Object> exposedPorts(Map<String, Object> image, List<String> request) {
        Map<String, Object> out = new LinkedHashMap<>(image);
        request.forEach(p -> out.put(PortKey.parse(p).toString(), Map.of()));
        return out;
    }

    private static Map<String, String> mergeLabels(Map<String, String> image, Map<String, String> request) {
        Map<String, String> out = new LinkedHashMap<>(image);
        out.putAll(request);
        return out;
    }

    private static void addWaiter(Map<String, List<CompletableFuture<Integer>>> waiters, String id, CompletableFuture<Integer> f) {
        waiters.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(f);
    }

    private static void completeAll(List<CompletableFuture<Integer>> waiters, int code) {
        if (waiters != null) {
            waiters.forEach(f -> f.complete(code));
        }
    }

    /** Waits for a release done beside other work; its failure is the caller's, as it would have been in line. */
    private static void awaitRelease(CompletableFuture<Void> released) {
        try {
            released.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
