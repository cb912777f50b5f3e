package dev.berth.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Docker's anonymous volumes: every {@code Config.Volumes} path, the image's and the request's, that no bind or
 * tmpfs mounts gets a fresh volume of its own. The label marks it as the container's, so {@code rm -v} and
 * {@code run --rm} remove it with the container while named volumes stay.
 */
final class AnonymousVolumes {
    static final String LABEL = "com.docker.volume.anonymous";

    private final VolumeService volumes;

    AnonymousVolumes(VolumeService volumes) {
        this.volumes = volumes;
    }

    /** The paths that need a volume, in order and once each: those no bind or tmpfs of {@code host} covers. */
    static List<String> uncovered(HostSettings host, Collection<String> paths) {
        Set<String> mounted = new LinkedHashSet<>();
        host.binds().forEach(b -> mounted.add(trimmed(BindSpec.parse(b).destination())));
        host.tmpfs().keySet().forEach(t -> mounted.add(trimmed(t)));
        Set<String> out = new LinkedHashSet<>();
        for (String p : paths) {
            if (!mounted.contains(trimmed(p))) {
                out.add(trimmed(p));
            }
        }
        return List.copyOf(out);
    }

    /** Makes a volume for each path; the binds that mount them come back in the same order. */
    List<String> create(List<String> paths) {
        List<String> binds = new ArrayList<>();
        for (String p : paths) {
            binds.add(volumes.create("", Map.of(LABEL, "")).name() + ":" + p);
        }
        return binds;
    }

    /** Removes the anonymous volumes among {@code binds} that no container in {@code others} mounts. */
    void remove(List<String> binds, Collection<Container> others) {
        for (String bind : binds) {
            String source = BindSpec.parse(bind).source();
            boolean anonymous = VolumeService.isVolumeName(source)
                    && volumes.find(source).filter(v -> v.labels().containsKey(LABEL)).isPresent();
            if (anonymous && others.stream().noneMatch(c -> c.hostSettings().mountsVolume(source))) {
                volumes.remove(source, Optional.empty());
            }
        }
    }

    private static String trimmed(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
