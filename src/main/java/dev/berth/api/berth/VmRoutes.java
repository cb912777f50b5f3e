package dev.berth.api.berth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.http.Router;
import dev.berth.common.BerthException;
import dev.berth.common.GuestOs;
import dev.berth.engine.Container;
import dev.berth.engine.ContainerService;
import dev.berth.engine.VmSnapshot;
import dev.berth.engine.VmSnapshots;
import dev.berth.runtime.Isolation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * VMs under {@code /berth/v1/vms}: listing, full-OS VMs, snapshots, restores and clones, which Docker's API has no
 * words for. A VM is named as a container is (name, id or id prefix); a container that is not a VM is refused. VMs
 * are containers too, so the Docker-shaped endpoints (start, stop, attach, logs, inspect, rm) serve them as well.
 * <pre>
 * GET    /berth/v1/vms                                   every VM: kind (os, image), state, resources, boot
 * POST   /berth/v1/vms?name=NAME                         create a full-OS VM from {@link FullOsVmRequest}'s body (201)
 * POST   /berth/v1/vms/{id}/snapshots?name=NAME          take a snapshot (201)
 * GET    /berth/v1/vms/{id}/snapshots                    list them, oldest first
 * DELETE /berth/v1/vms/{id}/snapshots/{name}             remove one (204)
 * POST   /berth/v1/vms/{id}/snapshots/{name}/restore     put the VM back into one
 * POST   /berth/v1/vms/{id}/clone?name=NEW[&amp;snapshot=S]  a new VM from a snapshot, or from the running VM (201)
 * </pre>
 */
public final class VmRoutes {
    private final VmSnapshots snapshots;
    private final ContainerService containers;

    public VmRoutes(VmSnapshots snapshots, ContainerService containers) {
        this.snapshots = snapshots;
        this.containers = containers;
    }

    public void register(Router r) {
        r.add("GET", "/berth/v1/vms", x -> x.respondJson(200, containers.list(true).stream()
                        .filter(c -> c.hostSettings().isolationKind() == Isolation.VM).map(VmRoutes::listing).toList()))
                .add("POST", "/berth/v1/vms", x -> {
                    Container c = containers.create(FullOsVmRequest.parse(x.bodyJson(JsonNode.class), x.query("name").orElse("")));
                    x.respondJson(201, Map.of("Id", c.id(), "Name", c.name()));
                });
        r.add("POST", "/berth/v1/vms/{id}/snapshots", x -> {
            String name = x.query("name").orElseThrow(() -> BerthException.invalid("a snapshot needs a name: name=NAME"));
            x.respondJson(201, view(snapshots.take(x.pathParam("id"), name)));
        }).add("GET", "/berth/v1/vms/{id}/snapshots", x -> x.respondJson(200,
                        snapshots.list(x.pathParam("id")).stream().map(VmRoutes::view).toList()))
                .add("DELETE", "/berth/v1/vms/{id}/snapshots/{name}", x -> {
                    snapshots.remove(x.pathParam("id"), x.pathParam("name"));
                    x.respondStatus(204);
                })
                .add("POST", "/berth/v1/vms/{id}/snapshots/{name}/restore",
                        x -> x.respondJson(200, vmView(snapshots.restore(x.pathParam("id"), x.pathParam("name")))))
                .add("POST", "/berth/v1/vms/{id}/clone", x -> {
                    String name = x.query("name").orElseThrow(() -> BerthException.invalid("a clone needs a name: name=NEW"));
                    x.respondJson(201, vmView(snapshots.clone(x.pathParam("id"), x.query("snapshot"), name)));
                });
    }

    /** One VM in the listing. */
    static Map<String, Object> listing(Container c) {
        Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("Id", c.id());
        vm.put("Name", c.name());
        vm.put("Kind", GuestOs.requested(c.config().labels()) ? "os" : "image");
        vm.put("Image", c.config().image());
        vm.put("State", c.state().status());
        vm.put("NanoCpus", c.hostSettings().nanoCpus());
        vm.put("Memory", c.hostSettings().memory());
        vm.put("Accelerator", c.state().accelerator());
        vm.put("BootToReadyMs", c.state().bootToReadyMillis());
        return vm;
    }

    private static Map<String, Object> view(VmSnapshot s) {
        return Map.of("Name", s.name(), "Vm", s.vm(), "Created", s.created().toString(), "Size", s.sizeBytes());
    }

    /** The VM after a restore or clone: what runs now, and how long it took to run on from the snapshot. */
    private static Map<String, Object> vmView(Container c) {
        return Map.of("Id", c.id(), "Name", c.name(), "Pid", c.state().pid(), "ResumeToReadyMs", c.state().bootToReadyMillis());
    }
}
