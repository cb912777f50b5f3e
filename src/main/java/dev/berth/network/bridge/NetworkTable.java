package dev.berth.network.bridge;

import dev.berth.common.BerthException;
import dev.berth.common.Database;
import dev.berth.common.ErrorKind;
import dev.berth.common.Json;
import dev.berth.network.Endpoint;
import dev.berth.network.Network;
import dev.berth.network.VirtualAddress;
import java.util.List;
import java.util.Optional;

/**
 * The persistent half of networking, in SQLite: networks, sandboxes (a container's namespace), endpoints with
 * their addresses (unique per network, which is what keeps two endpoints from ever sharing one, also across
 * restarts), virtual addresses (one per owner and network, and unique per network among themselves) and
 * published ports (unique per protocol, host address and port). That an endpoint and a virtual address never share
 * an address is the allocator's, which is given both; changes are serialised by {@link BridgeNetworks}.
 */
final class NetworkTable {
    /** A published port as stored: the mapping and where it forwards to. */
    record PortRow(String containerId, String protocol, String hostIp, int hostPort, String targetIp, int targetPort) {}

    private final Database db;

    NetworkTable(Database db) {
        this.db = db;
        db.migrate(
                "CREATE TABLE IF NOT EXISTS networks (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, data TEXT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS sandboxes (container_id TEXT PRIMARY KEY, netns TEXT NOT NULL)",
                """
                CREATE TABLE IF NOT EXISTS endpoints (network_id TEXT NOT NULL, container_id TEXT NOT NULL,
                    address TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (network_id, container_id),
                    UNIQUE (network_id, address))""",
                """
                CREATE TABLE IF NOT EXISTS ports (protocol TEXT NOT NULL, host_ip TEXT NOT NULL, host_port INTEGER NOT NULL,
                    container_id TEXT NOT NULL, target_ip TEXT NOT NULL, target_port INTEGER NOT NULL,
                    PRIMARY KEY (protocol, host_ip, host_port))""",
                """
                CREATE TABLE IF NOT EXISTS virtual_addresses (network_id TEXT NOT NULL, owner TEXT NOT NULL,
                    address TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (network_id, owner), UNIQUE (network_id, address))""");
    }

    List<Network> networks() {
        return db.query("SELECT data FROM networks", rs -> Json.parse(rs.getBytes(1), Network.class, "stored network"));
    }

    void insertNetwork(Network n) {
        try {
            db.update("INSERT INTO networks (id, name, data) VALUES (?, ?, ?)", n.id(), n.name(), Json.string(n));
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.CONFLICT) {
                throw BerthException.conflict("network with name " + n.name() + " already exists");
            }
            throw e;
        }
    }

    /** Stores {@code n} in place of the network with its id. */
    void replaceNetwork(Network n) {
        db.update("UPDATE networks SET name = ?, data = ? WHERE id = ?", n.name(), Json.string(n), n.id());
    }

    void deleteNetwork(String id) {
        db.update("DELETE FROM networks WHERE id = ?", id);
    }

    void insertSandbox(String containerId, String netns) {
        db.update("INSERT OR REPLACE INTO sandboxes (container_id, netns) VALUES (?, ?)", containerId, netns);
    }

    Optional<String> sandbox(String containerId) {
        return db.queryOne("SELECT netns FROM sandboxes WHERE container_id = ?", rs -> rs.getString(1), containerId);
    }

    List<String> sandboxContainers() {
        return db.query("SELECT container_id FROM sandboxes", rs -> rs.getString(1));
    }

    void deleteSandbox(String containerId) {
        db.update("DELETE FROM sandboxes WHERE container_id = ?", containerId);
    }

    /** Records an endpoint; CONFLICT when its address is taken on that network. */
    void insertEndpoint(Endpoint e) {
        try {
            db.update("INSERT INTO endpoints (network_id, container_id, address, data) VALUES (?, ?, ?, ?)",
                    e.networkId(), e.containerId(), e.address().toString(), Json.string(e));
        } catch (BerthException ex) {
            if (ex.kind() == ErrorKind.CONFLICT) {
                throw BerthException.conflict("Address already in use: " + e.address() + " on network " + e.networkName()
                        + " (or the container is already connected to it)");
            }
            throw ex;
        }
    }

    List<Endpoint> endpoints() {
        return db.query("SELECT data FROM endpoints", rs -> Json.parse(rs.getBytes(1), Endpoint.class, "stored endpoint"));
    }

    void deleteEndpoint(String networkId, String containerId) {
        db.update("DELETE FROM endpoints WHERE network_id = ? AND container_id = ?", networkId, containerId);
    }

    /** Records a virtual address, or replaces the owner's on that network (new DNS names); CONFLICT when its address is taken. */
    void putVirtualAddress(VirtualAddress v) {
        try {
            db.update("INSERT INTO virtual_addresses (network_id, owner, address, data) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (network_id, owner) DO UPDATE SET address = excluded.address, data = excluded.data",
                    v.networkId(), v.owner(), v.address().toString(), Json.string(v));
        } catch (BerthException ex) {
            if (ex.kind() == ErrorKind.CONFLICT) {
                throw BerthException.conflict("Address already in use: " + v.address() + " on network " + v.networkName());
            }
            throw ex;
        }
    }

    List<VirtualAddress> virtualAddresses() {
        return db.query("SELECT data FROM virtual_addresses", rs -> Json.parse(rs.getBytes(1), VirtualAddress.class,
                "stored virtual address"));
    }

    void deleteVirtualAddress(String networkId, String owner) {
        db.update("DELETE FROM virtual_addresses WHERE network_id = ? AND owner = ?", networkId, owner);
    }

    /** Records ports all together or not at all; CONFLICT names the first one taken. */
    void insertPorts(List<PortRow> rows) {
        db.inTransaction(() -> {
            for (PortRow r : rows) {
                try {
                    db.update("INSERT INTO ports (protocol, host_ip, host_port, container_id, target_ip, target_port)"
                                    + " VALUES (?, ?, ?, ?, ?, ?)", r.protocol(), r.hostIp(), r.hostPort(), r.containerId(),
                            r.targetIp(), r.targetPort());
                } catch (BerthException e) {
                    if (e.kind() == ErrorKind.CONFLICT) {
                        throw BerthException.conflict("Bind for " + r.hostIp() + ":" + r.hostPort() + " failed: port is already allocated");
                    }
                    throw e;
                }
            }
            return null;
        });
    }

    List<PortRow> ports() {
        return db.query("SELECT container_id, protocol, host_ip, host_port, target_ip, target_port FROM ports",
                rs -> new PortRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getInt(6)));
    }

    void deletePorts(String containerId) {
        db.update("DELETE FROM ports WHERE container_id = ?", containerId);
    }
}
