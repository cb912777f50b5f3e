package dev.berth.orchestrate;

import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.common.Json;
import dev.berth.compose.BerthOptions;
import dev.berth.compose.ComposeProject;
import dev.berth.compose.FileMount;
import dev.berth.compose.ProjectFile;
import dev.berth.compose.ProjectNetwork;
import dev.berth.compose.ProjectVolume;
import dev.berth.compose.Service;
import dev.berth.engine.Container;
import dev.berth.engine.ContainerService;
import dev.berth.engine.VolumeService;
import dev.berth.image.ImageService;
import dev.berth.network.Ipv4;
import dev.berth.network.Network;
import dev.berth.network.NetworkRequest;
import dev.berth.network.NetworkService;
import dev.berth.network.Subnet;
import dev.berth.orchestrate.balancer.Strategy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stacks: Compose projects deployed as services whose replicas the {@link Reconciler} keeps converged. This is
 * the orchestration API the HTTP layer calls; every change is stored first and then applied by the reconciler,
 * so the daemon can die at any point and carry on after its restart.
 */
public final class StackService {
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private final StackStore store;
    private final ContainerService containers;
    private final ImageService images;
    private final NetworkService networks;
    private final VolumeService volumes;
    private final StackFiles files;
    private final Reconciler reconciler;
    private final ServiceEndpoints endpoints;

    public StackService(StackStore store, ContainerService containers, ImageService images, NetworkService networks,
                        VolumeService volumes, StackFiles files, Reconciler reconciler, ServiceEndpoints endpoints) {
        this.endpoints = endpoints;
        this.store = store;
        this.containers = containers;
        this.images = images;
        this.networks = networks;
        this.volumes = volumes;
        this.files = files;
        this.reconciler = reconciler;
        reconciler.onRollback(this::publish);
    }

    /** The plans of stored services, for the reconciler. */
    public static java.util.function.Function<ServiceRecord, ServicePlan> plans(StackFiles files) {
        return new ServicePlans(files)::plan;
    }

    /**
     * Deploys a project as stack {@code name}, or updates the stack of that name: everything is checked before
     * anything is made; networks and volumes are created, configs and secrets written, and the services stored.
     * A service whose definition changed starts a rolling update; services no longer in the project are removed.
     *
     * @param composeMode {@code compose up}: containers' {@code restart} keys govern restarts, as in Compose
     */
    public List<ServiceRecord> deploy(String name, ComposeProject project, boolean composeMode) {
        checkDeployable(project);
        Map<String, String> networkNames = new LinkedHashMap<>();
        project.networks().forEach((key, n) -> networkNames.put(key, ensureNetwork(name, key, n).name()));
        Map<String, String> volumeNames = new LinkedHashMap<>();
        project.volumes().forEach((key, v) -> volumeNames.put(key, ensureVolume(name, key, v)));
        List<ServiceRecord> records = new ArrayList<>();
        for (Service s : project.servicesInStartOrder()) {
            Map<String, String> digests = new LinkedHashMap<>();
            s.configs().forEach(f -> digests.put("configs/" + f.source(), digest(project.configs().get(f.source()))));
            s.secrets().forEach(f -> digests.put("secrets/" + f.source(), digest(project.secrets().get(f.source()))));
            String spec = new ServiceDefinition(s, networkNames, volumeNames, digests, composeMode).json();
            records.add(next(name, s, spec));
        }
        for (Service s : project.services().values()) {
            endpoints.publish(name, s.name(), ServiceEndpoints.ServicePort.of(s.ports(), s.expose(), virtualAddresses(name, s, networkNames),
                    strategy(s)));
        }
        endpoints.unpublishExcept(name, project.services().keySet());
        releaseVirtualAddresses(name, project.services().keySet());
        writeFiles(name, project);
        store.save(name, Json.string(project), records);
        reconciler.wake();
        return records;
    }

    /**
     * The service's virtual addresses, one on each of its networks with DNS, under its name: only for services with
     * ports or exposed ports, because a VIP answers only on the ports it balances. Others keep Compose's DNS
     * round-robin over their replicas, so their undeclared ports stay reachable by name.
     */
    private List<Ipv4> virtualAddresses(String stack, Service s, Map<String, String> networkNames) {
        if (s.ports().isEmpty() && s.expose().isEmpty()) {
            networks.virtualAddresses().stream().filter(v -> v.owner().equals(owner(stack, s.name())))
                    .forEach(v -> networks.releaseVirtualAddress(v.networkId(), v.owner()));
            return List.of();
        }
        List<Ipv4> vips = new ArrayList<>();
        for (String key : s.networks().keySet()) {
            Network n = networks.resolve(networkNames.get(key));
            if (n.dns()) {
                vips.add(networks.reserveVirtualAddress(n.name(), owner(stack, s.name()), List.of(s.name())).address());
            }
        }
        return vips;
    }

    /** Releases the virtual addresses of the stack's services not in {@code keep}. */
    private void releaseVirtualAddresses(String stack, java.util.Set<String> keep) {
        networks.virtualAddresses().stream()
                .filter(v -> v.owner().startsWith(stack + "_") && !keep.contains(v.owner().substring(stack.length() + 1)))
                .forEach(v -> networks.releaseVirtualAddress(v.networkId(), v.owner()));
    }

    private static Strategy strategy(Service s) {
        return switch (s.berth().loadBalancer()) {
            case ROUND_ROBIN -> Strategy.ROUND_ROBIN;
            case LEAST_CONNECTIONS -> Strategy.LEAST_CONNECTIONS;
        };
    }

    private static String owner(String stack, String service) {
        return stack + "_" + service;
    }

    private static String digest(ProjectFile f) {
        return Digest.sha256(f.content()).toString();
    }

    /** The stored row for a service after a deploy: unchanged, new, or updating from its previous spec. */
    private ServiceRecord next(String stack, Service s, String spec) {
        Optional<ServiceRecord> old = store.service(stack, s.name());
        if (old.isEmpty()) {
            return new ServiceRecord(stack, s.name(), spec, "", s.deploy().replicas(), RolloutState.NONE, "", Instant.now());
        }
        ServiceRecord o = old.get();
        if (o.spec().equals(spec)) {
            return new ServiceRecord(stack, s.name(), spec, o.previous(), s.deploy().replicas(), o.state(), o.message(), o.updatedAt());
        }
        return new ServiceRecord(stack, s.name(), spec, o.spec(), s.deploy().replicas(), RolloutState.UPDATING, "update in progress",
                Instant.now());
    }

    /** What the engine cannot run is refused before anything is made. */
    private void checkDeployable(ComposeProject project) {
        for (Service s : project.services().values()) {
            if (s.image().isEmpty()) {
                throw BerthException.invalid("service " + s.name() + " has no image: build it first (berth compose build) or give it an image");
            }
            images.resolve(s.image());
            if (s.berth().diskSizeBytes() > 0 && s.berth().isolation() != BerthOptions.Isolation.VM) {
                throw BerthException.invalid("service " + s.name() + ": x-berth.disk_size sizes a VM's root disk: set isolation: vm too");
            }
        }
        project.networks().values().stream().filter(ProjectNetwork::external).forEach(n -> networks.resolve(n.name()));
        project.volumes().values().stream().filter(ProjectVolume::external).forEach(v -> volumes.resolve(v.name()));
    }

    private Network ensureNetwork(String stack, String key, ProjectNetwork n) {
        Optional<Network> existing = networks.find(n.name());
        if (existing.isPresent() || n.external()) {
            return existing.orElseGet(() -> networks.resolve(n.name()));
        }
        Map<String, String> labels = new LinkedHashMap<>(n.labels());
        labels.put(ServiceLabels.PROJECT, stack);
        labels.put("com.docker.compose.network", key);
        Optional<ProjectNetwork.Subnet> subnet = n.subnets().stream().findFirst();
        return networks.create(new NetworkRequest(n.name(), "bridge", subnet.map(s -> Subnet.parse(s.subnet())),
                subnet.filter(s -> !s.gateway().isEmpty()).map(s -> Ipv4.parse(s.gateway())), n.internal(), labels, Map.of()));
    }

    private String ensureVolume(String stack, String key, ProjectVolume v) {
        if (v.external() || volumes.find(v.name()).isPresent()) {
            return v.name();
        }
        Map<String, String> labels = new LinkedHashMap<>(v.labels());
        labels.put(ServiceLabels.PROJECT, stack);
        labels.put("com.docker.compose.volume", key);
        return volumes.create(v.name(), labels).name();
    }

    private void writeFiles(String stack, ComposeProject project) {
        for (Service s : project.services().values()) {
            for (FileMount f : s.configs()) {
                files.write(stack, s.name(), "configs", f.source(), project.configs().get(f.source()).content(), f.uid(), f.gid(), f.mode());
            }
            for (FileMount f : s.secrets()) {
                files.write(stack, s.name(), "secrets", f.source(), project.secrets().get(f.source()).content(), f.uid(), f.gid(), f.mode());
            }
        }
    }

    /**
     * Removes a stack: its services first (so nothing replaces what is stopped next), then its replicas, the
     * networks it made, its config and secret files, and with {@code withVolumes} the volumes it made.
     */
    public void remove(String name, boolean withVolumes) {
        store.resolve(name);
        store.delete(name);
        reconciler.settle(name, SETTLE);
        endpoints.unpublishExcept(name, java.util.Set.of());
        releaseVirtualAddresses(name, java.util.Set.of());
        List<Thread> stops = new ArrayList<>();
        for (Container c : containers.list(true)) {
            if (ServiceLabels.inStack(c, name)) {
                stops.add(Thread.ofVirtual().start(() -> containers.remove(c.id(), true, true)));
            }
        }
        for (Thread t : stops) {
            try {
                t.join(SETTLE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw BerthException.internal("interrupted while removing stack " + name);
            }
        }
        networks.list().stream().filter(n -> name.equals(n.labels().get(ServiceLabels.PROJECT))).forEach(n -> networks.remove(n.id()));
        if (withVolumes) {
            volumes.list().stream().filter(v -> name.equals(v.labels().get(ServiceLabels.PROJECT)))
                    .forEach(v -> volumes.remove(v.name(), Optional.empty()));
        }
        files.remove(name);
    }

    public List<StackStore.StackRow> stacks() {
        return store.stacks();
    }

    public List<ServiceRecord> services(Optional<String> stack) {
        return stack.map(s -> {
            store.resolve(s);
            return store.services(s);
        }).orElseGet(store::services);
    }

    /** A service by {@code stack_service} (Docker's service names) or, when only one stack has it, by its bare name. */
    public ServiceRecord service(String ref) {
        List<ServiceRecord> matches = store.services().stream()
                .filter(s -> ref.equals(s.stack() + "_" + s.name()) || ref.equals(s.name())).toList();
        if (matches.size() > 1) {
            throw BerthException.invalid("service name " + ref + " is ambiguous: use STACK_SERVICE, one of "
                    + matches.stream().map(s -> s.stack() + "_" + s.name()).toList());
        }
        return matches.stream().findFirst().orElseThrow(() -> BerthException.notFound("service " + ref + " not found (see: berth service ls)"));
    }

    /** The replicas (containers) of a service, running or not. */
    public List<Container> replicas(ServiceRecord s) {
        return containers.list(true).stream().filter(c -> ServiceLabels.inService(c, s.stack(), s.name())).toList();
    }

    /** Where a service's published ports listen on the host, in the order of its ports. */
    public List<java.net.InetSocketAddress> publishedAddresses(ServiceRecord s) {
        return endpoints.addresses(s.stack(), s.name());
    }

    public ServiceRecord scale(String ref, int replicas) {
        if (replicas < 0) {
            throw BerthException.invalid("invalid replicas value " + replicas + ": want 0 or more");
        }
        ServiceRecord s = service(ref);
        ServiceRecord scaled = new ServiceRecord(s.stack(), s.name(), s.spec(), s.previous(), replicas, s.state(), s.message(), Instant.now());
        store.put(scaled);
        reconciler.wake();
        return scaled;
    }

    /**
     * {@code service update}: a new definition, rolled out by the service's (new) update config when it changes what
     * replicas are made from, and a new replica count if one is given.
     */
    public ServiceRecord update(String ref, ServiceUpdate update) {
        ServiceRecord s = service(ref);
        if (update.image() != null) {
            images.resolve(update.image());
        }
        ServiceDefinition d = ServiceDefinition.parse(s.spec());
        ServiceDefinition changed = new ServiceDefinition(update.applyTo(d.service()), d.networks(), d.volumes(), d.fileDigests(),
                d.composeMode());
        int replicas = update.replicas() == null ? s.replicas() : update.replicas();
        String spec = changed.json();
        if (spec.equals(s.spec()) && replicas == s.replicas()) {
            return s;
        }
        boolean rolls = !changed.version().equals(d.version());
        ServiceRecord updated = spec.equals(s.spec())
                ? new ServiceRecord(s.stack(), s.name(), s.spec(), s.previous(), replicas, s.state(), s.message(), Instant.now())
                : new ServiceRecord(s.stack(), s.name(), spec, s.spec(), replicas, rolls ? RolloutState.UPDATING : RolloutState.COMPLETED,
                        rolls ? "update in progress" : "update completed", Instant.now());
        store.put(updated);
        reconciler.wake();
        return updated;
    }

    /** {@code service rollback}: back to the definition before the last update, rolled out by the rollback config. */
    public ServiceRecord rollback(String ref) {
        ServiceRecord s = service(ref);
        if (s.previousSpec().isEmpty()) {
            throw BerthException.conflict("service " + s.stack() + "_" + s.name() + " has no previous spec to roll back to");
        }
        ServiceRecord back = new ServiceRecord(s.stack(), s.name(), s.previous(), s.spec(), s.replicas(), RolloutState.ROLLBACK_STARTED,
                "manually requested rollback", Instant.now());
        store.put(back);
        publish(back);
        reconciler.wake();
        return back;
    }

    /** After a daemon start: configs and secrets are written again (they live on tmpfs), then reconciling starts. */
    public void recover() {
        for (StackStore.StackRow row : store.stacks()) {
            ComposeProject project = Json.parse(row.definition().getBytes(StandardCharsets.UTF_8), ComposeProject.class, "stored stack");
            writeFiles(row.name(), project);
        }
        store.services().forEach(this::publish);
        reconciler.start();
    }

    /** Opens the ports of the service's stored definition on its virtual addresses, and closes those it no longer has. */
    private void publish(ServiceRecord s) {
        try {
            Service service = ServiceDefinition.parse(s.spec()).service();
            List<Ipv4> vips = networks.virtualAddresses().stream().filter(v -> v.owner().equals(owner(s.stack(), s.name())))
                    .map(dev.berth.network.VirtualAddress::address).toList();
            endpoints.publish(s.stack(), s.name(), ServiceEndpoints.ServicePort.of(service.ports(), service.expose(), vips,
                    strategy(service)));
        } catch (BerthException e) {
            System.getLogger(StackService.class.getName()).log(System.Logger.Level.WARNING,
                    "service " + s.stack() + "_" + s.name() + ": its ports stay unpublished: " + e.getMessage());
        }
    }
}
