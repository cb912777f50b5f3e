package dev.berth.build;

import dev.berth.image.ImageRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code docker build} asks for, besides the context.
 *
 * @param dockerfile path of the Dockerfile inside the context ({@code Dockerfile} by default)
 * @param buildArgs  {@code --build-arg} values
 * @param target     the stage to build ({@code --target}); the last one when empty
 * @param noCache    build every step even when the layer cache has it
 * @param labels     {@code --label}s added to the final image
 * @param tags       names to tag the result with, only once the whole build succeeded
 * @param network    the network RUN steps are on
 */
public record BuildRequest(String dockerfile, Map<String, String> buildArgs, Optional<String> target, boolean noCache,
                           Map<String, String> labels, List<ImageRef> tags, RunNetwork network) {
    public BuildRequest {
        dockerfile = dockerfile == null || dockerfile.isEmpty() ? "Dockerfile" : dockerfile;
        buildArgs = Map.copyOf(buildArgs);
        labels = Map.copyOf(labels);
        tags = List.copyOf(tags);
    }

    /** {@code --network}: the default bridge (Docker's default for RUN), none, or the host's stack. */
    public enum RunNetwork { DEFAULT, NONE, HOST }

    public static BuildRequest defaults() {
        return new BuildRequest("Dockerfile", Map.of(), Optional.empty(), false, Map.of(), List.of(), RunNetwork.DEFAULT);
    }
}
