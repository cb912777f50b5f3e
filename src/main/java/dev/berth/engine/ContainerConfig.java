package dev.berth.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.image.HealthConfig;
import java.util.List;
import java.util.Map;

/**
 * A container's effective configuration, after the request was merged with its image's config: Docker's
 * {@code Config} object, with its JSON names. {@code healthcheck} is {@link HealthConfig#UNSET} (and left out of
 * the JSON) when neither the request nor the image set one.
 */
public record ContainerConfig(
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("User") String user,
        @JsonProperty("AttachStdin") boolean attachStdin,
        @JsonProperty("AttachStdout") boolean attachStdout,
        @JsonProperty("AttachStderr") boolean attachStderr,
        @JsonProperty("Tty") boolean tty,
        @JsonProperty("OpenStdin") boolean openStdin,
        @JsonProperty("StdinOnce") boolean stdinOnce,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("Image") String image,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
        @JsonProperty("Volumes") Map<String, Object> volumes,
        @JsonProperty("Healthcheck") @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = HealthConfig.UnsetFilter.class)
        HealthConfig healthcheck) {

    public ContainerConfig {
        env = List.copyOf(env);
        cmd = List.copyOf(cmd);
        entrypoint = List.copyOf(entrypoint);
        labels = Map.copyOf(labels);
        exposedPorts = Map.copyOf(exposedPorts);
        volumes = volumes == null ? Map.of() : Map.copyOf(volumes); // rows stored before anonymous volumes
        healthcheck = healthcheck == null ? HealthConfig.UNSET : healthcheck; // rows stored before health checks
    }

    /** The streams its creating client attached to. */
    public AttachedStreams attach() {
        return new AttachedStreams(attachStdin, attachStdout, attachStderr);
    }

    /** The full argv: entrypoint then cmd. */
    public List<String> argv() {
        return java.util.stream.Stream.concat(entrypoint.stream(), cmd.stream()).toList();
    }
}
