package dev.berth.build;

import dev.berth.build.dockerfile.Instruction;
import dev.berth.build.dockerfile.Instruction.KeyValue;
import dev.berth.build.dockerfile.ShellWords;
import dev.berth.image.HealthConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Applies instructions that change only the image config to a {@link ConfigDraft}, expanding variables where Docker
 * does: the one implementation behind build steps and {@code commit --change}.
 *
 * @param variables a variable's value at this point (ENV, and in builds ARG), empty when unset
 */
record ConfigEdit(ConfigDraft config, char escape, Function<String, Optional<String>> variables) {

    /** Applies {@code instruction}; returns its text as the image history records it ({@code ENV A=1}, {@code CMD ["sh"]}). */
    String apply(Instruction.ConfigOnly instruction) {
        return switch (instruction) {
            case Instruction.Env e -> {
                Map<String, String> env = pairs(e.pairs()); // all substituted with the values from before the line
                config.env.putAll(env);
                yield "ENV " + joinPairs(env);
            }
            case Instruction.Label l -> {
                Map<String, String> labels = pairs(l.pairs());
                config.labels.putAll(labels);
                yield "LABEL " + joinPairs(labels);
            }
            case Instruction.Cmd c -> {
                config.cmd = commandLine(c.command());
                config.cmdSet = true;
                yield "CMD " + GoText.quotedList(config.cmd);
            }
            case Instruction.Entrypoint e -> {
                config.entrypoint = commandLine(e.command());
                if (!config.cmdSet) {
                    config.cmd = List.of(); // Docker resets an inherited CMD when ENTRYPOINT changes
                }
                yield "ENTRYPOINT " + GoText.quotedList(config.entrypoint);
            }
            case Instruction.User u -> {
                config.user = word(u.user());
                yield "USER " + config.user;
            }
            case Instruction.Expose e -> {
                List<String> written = new ArrayList<>();
                e.ports().forEach(p -> written.addAll(ShellWords.words(p, escape, variables)));
                written.forEach(w -> PortSpec.expand(w, e.at()).forEach(p -> config.exposedPorts.put(p, Map.of())));
                yield "EXPOSE " + String.join(" ", written.stream().sorted().toList());
            }
            case Instruction.Volume v -> {
                List<String> paths = v.paths().stream().map(this::word).toList();
                paths.forEach(p -> config.volumes.put(p, Map.of()));
                yield "VOLUME " + GoText.plainList(paths);
            }
            case Instruction.StopSignal s -> {
                config.stopSignal = word(s.signal());
                yield "STOPSIGNAL " + config.stopSignal;
            }
            case Instruction.Healthcheck h -> {
                config.healthcheck = new HealthConfig(h.test(), h.interval().toNanos(), h.timeout().toNanos(),
                        h.startPeriod().toNanos(), h.startInterval().toNanos(), h.retries());
                yield "HEALTHCHECK " + GoText.healthcheck(config.healthcheck);
            }
            case Instruction.Shell s -> {
                config.shell = s.shell();
                yield "SHELL " + GoText.plainList(s.shell());
            }
            case Instruction.OnBuild o -> {
                config.onBuild.add(o.expression());
                yield "ONBUILD " + o.expression();
            }
            case Instruction.Maintainer m -> "MAINTAINER " + m.name();
        };
    }

    /** Sets the working directory, relative to the current one and cleaned as Docker does ({@code /a/../b} is {@code /b}). */
    String workdir(Instruction.Workdir w) {
        config.workingDir = Path.of(absolute(word(w.path()))).normalize().toString();
        return config.workingDir;
    }

    /** A path made absolute against the working directory, keeping a trailing slash. */
    String absolute(String path) {
        if (path.startsWith("/")) {
            return path;
        }
        String base = config.workingDir.isEmpty() ? "/" : config.workingDir;
        return (base.endsWith("/") ? base : base + "/") + path;
    }

    String word(String text) {
        return ShellWords.word(text, escape, variables);
    }

    /** A script run by the config's SHELL ({@code /bin/sh -c} by default), as shell-form commands are. */
    List<String> shellPlus(String script) {
        List<String> argv = new ArrayList<>(config.shellOrDefault());
        argv.add(script);
        return argv;
    }

    private Map<String, String> pairs(List<KeyValue> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (KeyValue kv : pairs) {
            out.put(word(kv.key()), word(kv.value()));
        }
        return out;
    }

    private List<String> commandLine(Instruction.Command command) {
        return command.shellForm() ? shellPlus(command.args().getFirst()) : command.args();
    }

    private static String joinPairs(Map<String, String> pairs) {
        return String.join(" ", pairs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
}
