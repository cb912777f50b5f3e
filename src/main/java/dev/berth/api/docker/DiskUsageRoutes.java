package dev.berth.api.docker;

import dev.berth.api.http.Router;
import dev.berth.common.FileTrees;
import dev.berth.engine.BindSpec;
import dev.berth.engine.Container;
import dev.berth.engine.ContainerService;
import dev.berth.engine.Volume;
import dev.berth.engine.VolumeService;
import dev.berth.image.Image;
import dev.berth.image.ImageService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /system/df} (docker system df): images, containers' written bytes, volumes' usage, in Docker's shape. */
public final class DiskUsageRoutes {
    private final ContainerService containers;
    private final ImageService images;
    private final VolumeService volumes;

    public DiskUsageRoutes(ContainerService containers, ImageService images, VolumeService volumes) {
        this.containers = containers;
        this.images = images;
        this.volumes = volumes;
    }

    public void register(Router r) {
        r.add("GET", "/system/df", x -> x.respondJson(200, usage()));
    }

    private Map<String, Object> usage() {
        List<Container> all = containers.list(true);
        List<Map<String, Object>> imageRows = new ArrayList<>();
        long layers = 0;
        for (Image i : images.list()) {
            long using = all.stream().filter(c -> c.imageId().equals(i.id().toString())).count();
            imageRows.add(ImageRoutes.summary(i, using));
            layers += i.size();
        }
        List<Map<String, Object>> containerRows = new ArrayList<>();
        for (Container c : all) {
            Map<String, Object> row = new LinkedHashMap<>(ContainerViews.summary(c, c.config().image()));
            long written = containers.writtenBytes(c);
            row.put("SizeRw", written);
            row.put("SizeRootFs", written + images.find(c.imageId()).map(Image::size).orElse(0L));
            containerRows.add(row);
        }
        List<Map<String, Object>> volumeRows = new ArrayList<>();
        for (Volume v : volumes.list()) {
            Map<String, Object> row = new LinkedHashMap<>(VolumeRoutes.view(v));
            long refs = all.stream().filter(c -> c.hostSettings().binds().stream()
                    .anyMatch(b -> BindSpec.parse(b).source().equals(v.name()))).count();
            row.put("UsageData", Map.of("Size", FileTrees.size(v.mountpoint()), "RefCount", refs));
            volumeRows.add(row);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("LayersSize", layers);
        m.put("Images", imageRows);
        m.put("Containers", containerRows);
        m.put("Volumes", volumeRows);
        m.put("BuildCache", List.of());
        return m;
    }
}
