package dev.berth.api.berth;

import dev.berth.api.http.Router;
import dev.berth.common.BerthException;
import dev.berth.engine.Container;
import dev.berth.engine.VmSnapshot;
import dev.berth.engine.VmSnapshots;
import java.util.Map;

/**
 * Snapshots, restores and clones of VMs under {@code /berth/v1/vms/{id}}: Docker's API has no words for them. A VM
 * is named as a container is (name, id or id prefix); a container that is not a VM is refused.
 * <pre>
 * POST   /berth/v1/vms/{id}/snapshots?name=NAME          take a snapshot (201)
 * GET    /berth/v1/vms/{id}/snapshots                    list them, oldest first
 * DELETE /berth/v1/vms/{id}/snapshots/{name}             remove one (204)
 * POST   /berth/v1/vms/{id}/snapshots/{name}/restore     put the VM back into one
 * POST   /berth/v1/vms/{id}/clone?name=NEW[&amp;snapshot=S]  a new VM from a snapshot, or from the running VM (201)
 * </pre>
 */
public final class VmRoutes {
    private final VmSnapshots snapshots;

    public VmRoutes(VmSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    public void register(Router r) {
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

    private static Map<String, Object> view(VmSnapshot s) {
        return Map.of("Name", s.name(), "Vm", s.vm(), "Created", s.created().toString(), "Size", s.sizeBytes());
    }

    /** The VM after a restore or clone: what runs now, and how long it took to run on from the snapshot. */
    private static Map<String, Object> vmView(Container c) {
        return Map.of("Id", c.id(), "Name", c.name(), "Pid", c.state().pid(), "ResumeToReadyMs", c.state().bootToReadyMillis());
    }
}
