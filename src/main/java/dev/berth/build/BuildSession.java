package dev.berth.build;

import dev.berth.build.dockerfile.Dockerfile;
import dev.berth.common.BerthException;
import dev.berth.image.Image;
import dev.berth.image.ImageService;
import dev.berth.image.Snapshotter;
import dev.berth.network.NetworkService;
import dev.berth.runtime.ContainerRuntime;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the stages of one build share: collaborators, the request, the context, step numbering and built stages. */
final class BuildSession {
    final ImageService images;
    final Snapshotter snapshots;
    final ContainerRuntime runtime;
    final NetworkService networks;
    final BuildCache cache;
    final BuildRequest request;
    final BuildOutput out;
    final Dockerfile dockerfile;
    final Path context;
    final Path workDir;
    final int totalSteps;
    final Set<String> consumedArgs = new HashSet<>();
    /** The values of the ARGs before the first FROM, for FROM lines and same-named ARGs in stages. */
    private final Map<String, String> metaArgs = new HashMap<>();
    private final Map<Integer, Image> stageResults = new HashMap<>();
    private int step;

    BuildSession(ImageService images, Snapshotter snapshots, ContainerRuntime runtime, NetworkService networks, BuildCache cache,
                 BuildRequest request, BuildOutput out, Dockerfile dockerfile, Path context, Path workDir, int totalSteps) {
        this.images = images;
        this.snapshots = snapshots;
        this.runtime = runtime;
        this.networks = networks;
        this.cache = cache;
        this.request = request;
        this.out = out;
        this.dockerfile = dockerfile;
        this.context = context;
        this.workDir = workDir;
        this.totalSteps = totalSteps;
    }

    /** Prints "Step N/M : TEXT" for the next step. */
    void beginStep(String text) {
        out.print("Step " + ++step + "/" + totalSteps + " : " + text + "\n");
    }

    Map<String, String> metaArgs() {
        return metaArgs;
    }

    void stageBuilt(int index, Image image) {
        stageResults.put(index, image);
    }

    /** The image a built stage named {@code ref} (its name, or its index) made; empty when no stage has that name. */
    Optional<Image> stage(String ref) {
        for (Dockerfile.Stage s : dockerfile.stages()) {
            if (s.name().filter(n -> n.equalsIgnoreCase(ref)).isPresent() || ref.equals(Integer.toString(s.index()))) {
                Image image = stageResults.get(s.index());
                if (image == null) {
                    throw BerthException.invalid("stage " + ref + " is used before it is built (stages can only use earlier ones)");
                }
                return Optional.of(image);
            }
        }
        return Optional.empty();
    }

    /** A build arg's value, noting it as consumed. */
    Optional<String> buildArg(String name) {
        Optional<String> value = Optional.ofNullable(request.buildArgs().get(name));
        value.ifPresent(v -> consumedArgs.add(name));
        return value;
    }
}
