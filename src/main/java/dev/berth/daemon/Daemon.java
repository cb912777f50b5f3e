package dev.berth.daemon;

import dev.berth.api.berth.BerthRoutes;
import dev.berth.api.berth.StackRoutes;
import dev.berth.api.berth.VmRoutes;
import dev.berth.api.docker.ArchiveRoutes;
import dev.berth.api.docker.BuildRoutes;
import dev.berth.api.docker.ContainerRoutes;
import dev.berth.api.docker.DiskUsageRoutes;
import dev.berth.api.docker.EventRoutes;
import dev.berth.api.docker.ExecRoutes;
import dev.berth.api.docker.ImageRoutes;
import dev.berth.api.docker.NetworkRoutes;
import dev.berth.api.docker.RegistryRoutes;
import dev.berth.api.docker.SystemRoutes;
import dev.berth.api.docker.VolumeRoutes;
import dev.berth.api.http.ApiServer;
import dev.berth.api.http.Router;
import dev.berth.build.ImageBuilder;
import dev.berth.common.AtomicFiles;
import dev.berth.common.CredentialFiles;
import dev.berth.common.Database;
import dev.berth.common.Ids;
import dev.berth.engine.ContainerArchive;
import dev.berth.engine.ContainerCommitter;
import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerStore;
import dev.berth.engine.ExecService;
import dev.berth.engine.VmSnapshots;
import dev.berth.engine.VolumeService;
import dev.berth.image.bootstrap.BaseImages;
import dev.berth.image.oci.OciImageStore;
import dev.berth.image.registry.DistributionRegistry;
import dev.berth.image.overlay.OverlaySnapshotter;
import dev.berth.network.bridge.BridgeNetworks;
import dev.berth.orchestrate.Reconciler;
import dev.berth.orchestrate.Replica;
import dev.berth.orchestrate.Reservations;
import dev.berth.orchestrate.ServiceEndpoints;
import dev.berth.orchestrate.StackFiles;
import dev.berth.orchestrate.StackService;
import dev.berth.orchestrate.StackStore;
import dev.berth.runtime.ContainerRuntime;
import dev.berth.runtime.Isolation;
import dev.berth.runtime.IsolationDispatch;
import dev.berth.runtime.RuntimeInfo;
import dev.berth.runtime.qemu.QemuRuntime;
import dev.berth.runtime.runc.RuncRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Wires berthd together: the only class that names implementations. */
final class Daemon implements AutoCloseable {
    private final Database db;
    private final BridgeNetworks networks;
    private final ContainerService containers;
    private final Reconciler reconciler;
    private final ServiceEndpoints endpoints;
    private final ApiServer server;

    private Daemon(Database db, BridgeNetworks networks, ContainerService containers, Reconciler reconciler, ServiceEndpoints endpoints,
                   ApiServer server) {
        this.db = db;
        this.networks = networks;
        this.containers = containers;
        this.reconciler = reconciler;
        this.endpoints = endpoints;
        this.server = server;
    }

    static Daemon start(DaemonConfig config) {
        Path data = config.dataRoot();
        Database db = Database.open(data.resolve("berth.db"));
        BridgeNetworks networks = null;
        ContainerService containers = null;
        Reconciler reconciler = null;
        ServiceEndpoints endpoints = null;
        try {
            OciImageStore images = OciImageStore.open(data.resolve("images"), db);
            OverlaySnapshotter snapshots = new OverlaySnapshotter(data.resolve("overlay"), images);
            RuncRuntime runc = RuncRuntime.open(config.execRoot().resolve("runtime"), data.resolve("logs"), config.runtime());
            QemuRuntime qemu = QemuRuntime.open(config.execRoot().resolve("vm"), data.resolve("vm-logs"), data.resolve("vm"),
                    config.vmKernel());
            ContainerRuntime runtime = new IsolationDispatch(runc, qemu);
            VolumeService volumes = new VolumeService(db, data.resolve("volumes"));
            networks = BridgeNetworks.open(db, config.network());
            containers = new ContainerService(new ContainerStore(db), images, snapshots, runtime, qemu, volumes,
                    networks, data.resolve("containers"), config.network().resolvConf());
            containers.recover();
            ExecService execs = new ExecService(containers, runtime);
            Router router = new Router();
            RuntimeInfo runtimeInfo = runtime.info();
            new SystemRoutes(containers, images, new SystemRoutes.DaemonFacts(daemonId(data), hostname(), data, runtimeInfo,
                    qemu.accelerator(), snapshots.status(), networks.addressPool()))
                    .register(router);
            new ContainerRoutes(containers, execs, runtime, images,
                    Map.of(Isolation.CONTAINER, runtimeInfo.name(), Isolation.VM, QemuRuntime.NAME)).register(router);
            new ArchiveRoutes(new ContainerArchive(containers, data.resolve("tmp"))).register(router);
            new ExecRoutes(execs).register(router);
            RegistryRoutes registry = new RegistryRoutes(new DistributionRegistry(images, images.content(), Set.of(),
                    CredentialFiles.searchPath()), containers.events());
            registry.register(router);
            new ImageRoutes(images, containers, registry).register(router);
            new VolumeRoutes(volumes, containers).register(router);
            new NetworkRoutes(networks, containers).register(router);
            new EventRoutes(containers).register(router);
            new DiskUsageRoutes(containers, images, volumes).register(router);
            new BuildRoutes(new ImageBuilder(images, snapshots, runtime, networks, db, data.resolve("build")), images,
                    new ContainerCommitter(containers, images, snapshots, data.resolve("build"))).register(router);
            new BerthRoutes(new BaseImages(images, data.resolve("tmp"))::bootstrap).register(router);
            new VmRoutes(new VmSnapshots(containers, db, qemu), containers).register(router);
            StackFiles stackFiles = new StackFiles(config.execRoot().resolve("stacks"));
            StackStore stackStore = new StackStore(db);
            ContainerService engine = containers;
            endpoints = new ServiceEndpoints(engine, networks);
            reconciler = new Reconciler(containers, stackStore, StackService.plans(stackFiles),
                    c -> Replica.Phase.of(engine.health(c.id()).status()), endpoints, Reservations.host());
            StackService stacks = new StackService(stackStore, containers, images, networks, volumes, stackFiles, reconciler, endpoints);
            new StackRoutes(stacks).register(router);
            stacks.recover();
            return new Daemon(db, networks, containers, reconciler, endpoints, ApiServer.start(config.socket(), router));
        } catch (RuntimeException e) {
            if (reconciler != null) {
                reconciler.close();
            }
            if (endpoints != null) {
                endpoints.close();
            }
            if (containers != null) {
                containers.close();
            }
            if (networks != null) {
                networks.close();
            }
            db.close();
            throw e;
        }
    }

    /** A stable id for {@code /info}, made once per data root. */
    private static String daemonId(Path data) {
        Path file = data.resolve("engine-id");
        try {
            if (!Files.exists(file)) {
                AtomicFiles.write(file, Ids.newId().getBytes(StandardCharsets.UTF_8));
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @Override
    public void close() {
        server.close();
        reconciler.close();
        endpoints.close();
        containers.close();
        networks.close();
        db.close();
    }
}
