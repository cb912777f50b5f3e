package dev.berth.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container as Berth stores it. Immutable: lifecycle changes produce a new value that the
 * {@link ContainerStore} persists.
 *
 * @param name          without Docker's leading slash
 * @param imageId       the image's config digest
 * @param rootfs        the mounted root file system handed to the runtime
 * @param restartCount  restarts done by the restart policy since the last user start
 * @param stoppedByUser whether the last stop came from the user, which turns the restart policy off
 * @param networks      network name → membership, in connection order (the first one has the default route)
 * @param ports         published ports while running: "80/tcp" → host bindings
 */
public record Container(String id, String name, Instant created, String imageId, ContainerConfig config,
                        HostSettings hostSettings, ContainerState state, String rootfs, int restartCount,
                        boolean stoppedByUser, Map<String, EndpointSettings> networks, Map<String, List<PortBinding>> ports) {

    public Container {
        networks = networks == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(networks));
        ports = ports == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(ports));
    }

    public Container withState(ContainerState newState) {
        return new Container(id, name, created, imageId, config, hostSettings, newState, rootfs, restartCount, stoppedByUser,
                networks, ports);
    }

    public Container withName(String newName) {
        return new Container(id, newName, created, imageId, config, hostSettings, state, rootfs, restartCount, stoppedByUser,
                networks, ports);
    }

    public Container withHostSettings(HostSettings newSettings) {
        return new Container(id, name, created, imageId, config, newSettings, state, rootfs, restartCount, stoppedByUser,
                networks, ports);
    }

    public Container withRestarts(int count, boolean byUser) {
        return new Container(id, name, created, imageId, config, hostSettings, state, rootfs, count, byUser, networks, ports);
    }

    public Container withNetworks(Map<String, EndpointSettings> newNetworks, Map<String, List<PortBinding>> newPorts) {
        return new Container(id, name, created, imageId, config, hostSettings, state, rootfs, restartCount, stoppedByUser,
                newNetworks, newPorts);
    }

    @JsonIgnore
    public String shortId() {
        return id.substring(0, 12);
    }
}
