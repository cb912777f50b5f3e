package dev.berth.api.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.http.Exchange;
import dev.berth.api.http.Router;
import dev.berth.common.BerthException;
import dev.berth.engine.ContainerService;
import dev.berth.engine.Volume;
import dev.berth.engine.VolumeService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Docker's {@code /volumes} endpoints for named local volumes. */
public final class VolumeRoutes {
    private final VolumeService volumes;
    private final ContainerService containers;

    public VolumeRoutes(VolumeService volumes, ContainerService containers) {
        this.volumes = volumes;
        this.containers = containers;
    }

    public void register(Router r) {
        r.add("GET", "/volumes", this::list)
                .add("POST", "/volumes/create", x -> {
                    JsonNode b = x.bodyJson(JsonNode.class);
                    String driver = CreateRequestParser.text(b, "Driver");
                    if (!driver.isEmpty() && !driver.equals("local")) {
                        // dockerd's words (Berth has no plugins: local is its one driver), which scripts match on.
                        throw BerthException.notFound("create %s: error looking up volume plugin %s: plugin \"%s\" not found"
                                .formatted(CreateRequestParser.text(b, "Name"), driver, driver));
                    }
                    Volume v = volumes.create(CreateRequestParser.text(b, "Name"), CreateRequestParser.stringMap(b, "Labels"));
                    x.respondJson(201, view(v));
                })
                .add("GET", "/volumes/{name}", x -> x.respondJson(200, view(volumes.resolve(x.pathParam("name")))))
                .add("DELETE", "/volumes/{name}", x -> {
                    String name = x.pathParam("name");
                    volumes.remove(name, usedBy(name));
                    x.respondStatus(204);
                });
    }

    /** {@code GET /volumes}: name (a substring, as dockerd matches it), label, dangling and driver filters. */
    private void list(Exchange x) {
        Filters f = Filters.parse(x.query("filters")).allow("name", "label", "dangling", "driver");
        List<Map<String, Object>> rows = volumes.list().stream()
                .filter(v -> f.matchesAny("name", v.name()::contains))
                .filter(v -> f.matchesLabels(v.labels()))
                .filter(v -> f.matchesAny("driver", "local"::equals))
                .filter(v -> f.matchesAny("dangling",
                        d -> (d.equals("1") || Boolean.parseBoolean(d)) == usedBy(v.name()).isEmpty()))
                .map(VolumeRoutes::view).toList();
        x.respondJson(200, Map.of("Volumes", rows, "Warnings", List.of()));
    }

    private Optional<String> usedBy(String volume) {
        return containers.list(true).stream()
                .filter(c -> c.hostSettings().mountsVolume(volume))
                .map(c -> c.id()).findFirst();
    }

    static Map<String, Object> view(Volume v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", v.name());
        m.put("Driver", "local");
        m.put("Mountpoint", v.mountpoint().toString());
        m.put("CreatedAt", v.created().toString());
        m.put("Labels", v.labels());
        m.put("Scope", "local");
        m.put("Options", Map.of());
        return m;
    }
}
