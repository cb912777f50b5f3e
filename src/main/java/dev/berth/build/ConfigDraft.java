package dev.berth.build;

import dev.berth.common.Json;
import dev.berth.image.HealthConfig;
import dev.berth.image.ImageConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The image config a stage is building up, changed instruction by instruction. */
final class ConfigDraft {
    /** Docker puts this PATH into every stage's config that has none (moby builder's setDefaultPath). */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    String user;
    final Map<String, Object> exposedPorts;
    final Map<String, String> env = new LinkedHashMap<>();
    List<String> entrypoint;
    List<String> cmd;
    final Map<String, Object> volumes;
    String workingDir;
    final Map<String, String> labels;
    String stopSignal;
    HealthConfig healthcheck;
    final List<String> onBuild;
    List<String> shell;
    /** Whether a CMD was given since the draft began: an ENTRYPOINT resets an inherited CMD only. */
    boolean cmdSet;

    private ConfigDraft(ImageConfig c) {
        user = c.user();
        exposedPorts = new LinkedHashMap<>(c.exposedPorts());
        for (String e : c.env()) {
            int eq = e.indexOf('=');
            env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        entrypoint = c.entrypoint();
        cmd = c.cmd();
        volumes = new LinkedHashMap<>(c.volumes());
        workingDir = c.workingDir();
        labels = new LinkedHashMap<>(c.labels());
        stopSignal = c.stopSignal();
        healthcheck = c.healthcheck();
        onBuild = new ArrayList<>(c.onBuild());
        shell = c.shell();
    }

    /** A stage's starting config: its base's, without ONBUILD triggers (they run in the next build only), with a PATH. */
    static ConfigDraft startingFrom(ImageConfig base) {
        ConfigDraft draft = new ConfigDraft(base);
        draft.onBuild.clear();
        draft.env.putIfAbsent("PATH", DEFAULT_PATH);
        return draft;
    }

    /** {@code config} as it is, to change by instructions (as {@code commit --change} does). */
    static ConfigDraft of(ImageConfig config) {
        return new ConfigDraft(config);
    }

    List<String> envList() {
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    List<String> shellOrDefault() {
        return shell.isEmpty() ? DEFAULT_SHELL : shell;
    }

    ImageConfig toConfig() {
        return new ImageConfig(user, exposedPorts, envList(), entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                healthcheck, onBuild, shell);
    }

    /** The config as JSON, part of each step's cache key. */
    String json() {
        return Json.string(toConfig());
    }
}
