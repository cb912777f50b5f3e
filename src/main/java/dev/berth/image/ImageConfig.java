package dev.berth.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The execution part of an OCI image config ({@code config} in the image config JSON), with the OCI spec's
 * field names, which are also Docker's. Absent lists and maps are empty, never null.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImageConfig(
        @JsonProperty("User") String user,
        @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Volumes") Map<String, Object> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("Healthcheck") @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = HealthConfig.UnsetFilter.class)
        HealthConfig healthcheck,
        @JsonProperty("OnBuild") List<String> onBuild,
        @JsonProperty("Shell") List<String> shell) {

    public ImageConfig {
        user = user == null ? "" : user;
        exposedPorts = exposedPorts == null ? Map.of() : Map.copyOf(exposedPorts);
        env = env == null ? List.of() : List.copyOf(env);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        volumes = volumes == null ? Map.of() : Map.copyOf(volumes);
        workingDir = workingDir == null ? "" : workingDir;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        stopSignal = stopSignal == null ? "" : stopSignal;
        healthcheck = healthcheck == null ? HealthConfig.UNSET : healthcheck;
        onBuild = onBuild == null ? List.of() : List.copyOf(onBuild);
        shell = shell == null ? List.of() : List.copyOf(shell);
    }

    /** The fields every image has; health check, ONBUILD triggers and SHELL are set by builds only. */
    public ImageConfig(String user, Map<String, Object> exposedPorts, List<String> env, List<String> entrypoint,
                       List<String> cmd, Map<String, Object> volumes, String workingDir, Map<String, String> labels,
                       String stopSignal) {
        this(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal, null, null, null);
    }

    public static ImageConfig empty() {
        return new ImageConfig(null, null, null, null, null, null, null, null, null);
    }

    public ImageConfig withCmd(List<String> newCmd) {
        return new ImageConfig(user, exposedPorts, env, entrypoint, newCmd, volumes, workingDir, labels, stopSignal,
                healthcheck, onBuild, shell);
    }
}
