package dev.berth.api.docker;

import dev.berth.api.http.Router;
import dev.berth.common.Digest;
import dev.berth.common.FileTrees;
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
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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
        r.add("GET", "/system/df", x -> x.respondJson(200, usage(x.apiVersion())));
    }

    private Map<String, Object> usage(String apiVersion) {
        List<Container> all = containers.list(true);
        List<Image> listed = images.list();
        Map<Digest, Long> imagesPerLayer = listed.stream().flatMap(i -> i.diffIds().stream())
                .collect(Collectors.groupingBy(d -> d, Collectors.counting()));
        List<Map<String, Object>> imageRows = new ArrayList<>();
        long layers = 0;
        for (Image i : listed) {
            long using = all.stream().filter(c -> c.imageId().equals(i.id().toString())).count();
            Map<String, Object> row = new LinkedHashMap<>(ImageRoutes.summary(i, i.repoTags(), i.repoDigests(), using, apiVersion));
            // Bytes in layers other images have too: the CLI counts an image in use as reclaimable without it.
            List<Long> sizes = images.layerSizes(i);
            row.put("SharedSize", IntStream.range(0, sizes.size())
                    .filter(n -> imagesPerLayer.get(i.diffIds().get(n)) > 1).mapToLong(sizes::get).sum());
            imageRows.add(row);
            layers += i.size();
        }
        List<Map<String, Object>> containerRows = new ArrayList<>();
        for (Container c : all) {
            containerRows.add(ContainerViews.withSizes(ContainerViews.summary(c, c.config().image()), c, containers, images));
        }
        List<Map<String, Object>> volumeRows = new ArrayList<>();
        for (Volume v : volumes.list()) {
            Map<String, Object> row = new LinkedHashMap<>(VolumeRoutes.view(v));
            long refs = all.stream().filter(c -> c.hostSettings().mountsVolume(v.name())).count();
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
