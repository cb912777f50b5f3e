package dev.berth.runtime.runc;

import dev.berth.common.HostCommand;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import dev.berth.runtime.Resources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runc command line, always with our own {@code --root} so Berth never sees or touches containers that
 * other engines on the host run with the same runtime.
 */
record Runc(Path binary, Path root) {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LOGRUS_MESSAGE = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** What {@code runc state} says: status is created, running, paused or stopped. */
    record State(String status, int pid) {}

    String version() {
        String out = require(List.of("--version"), "ask runc for its version").stdout();
        // First line: "runc version 1.1.5+ds1".
        String first = out.lines().findFirst().orElse("");
        return first.startsWith("runc version ") ? first.substring("runc version ".length()).strip() : first.strip();
    }

    /** Empty when runc does not know the container (never created, or deleted). */
    Optional<State> state(String id) {
        HostCommand.Result result = run(List.of("state", id));
        if (!result.ok()) {
            if (result.stderr().contains("does not exist")) {
                return Optional.empty();
            }
            throw failure("read the state of container " + id, result);
        }
        JsonNode node = Json.tree(result.stdout().getBytes(StandardCharsets.UTF_8), "runc state output");
        return Optional.of(new State(node.path("status").asText(), node.path("pid").asInt()));
    }

    void start(String id) {
        require(List.of("start", id), "start container " + id);
    }

    void kill(String id, int signal) {
        require(List.of("kill", id, Integer.toString(signal)), "signal container " + id);
    }

    void pause(String id) {
        require(List.of("pause", id), "pause container " + id);
    }

    void resume(String id) {
        require(List.of("resume", id), "resume container " + id);
    }

    /** Changes the cgroup limits of a running or paused container; limits left at 0 stay as they are. */
    void update(String id, Resources limits) {
        List<String> args = new java.util.ArrayList<>(List.of("update"));
        args.addAll(updateFlags(limits));
        args.add(id);
        require(args, "update the limits of container " + id);
    }

    /** {@code runc update}'s flags for the limits that are set, in the units the bundle uses. */
    static List<String> updateFlags(Resources limits) {
        List<String> flags = new java.util.ArrayList<>();
        if (limits.memoryBytes() > 0) {
            flags.addAll(List.of("--memory", Long.toString(limits.memoryBytes())));
        }
        if (limits.memorySwapBytes() != 0) {
            flags.addAll(List.of("--memory-swap", Long.toString(limits.memorySwapBytes())));
        }
        if (limits.nanoCpus() > 0) {
            flags.addAll(List.of("--cpu-period", Long.toString(BundleWriter.CPU_PERIOD_MICROS), "--cpu-quota",
                    Long.toString(limits.nanoCpus() * BundleWriter.CPU_PERIOD_MICROS / 1_000_000_000L)));
        }
        if (limits.cpuShares() > 0) {
            flags.addAll(List.of("--cpu-share", Long.toString(limits.cpuShares())));
        }
        if (limits.pidsLimit() != 0) {
            flags.addAll(List.of("--pids-limit", Long.toString(limits.pidsLimit())));
        }
        return flags;
    }

    /** Kills whatever still runs and removes runc's state and the container's cgroup. */
    void forceDelete(String id) {
        HostCommand.Result result = run(List.of("delete", "--force", id));
        if (!result.ok() && !result.stderr().contains("does not exist")) {
            throw failure("delete container " + id, result);
        }
    }

    /** The argv of {@code runc exec} for a process spec file; the caller owns the process it starts. */
    List<String> execCommand(String id, Path processJson, Path pidFile) {
        return List.of(binary.toString(), "--root", root.toString(), "exec", "--process", processJson.toString(),
                "--pid-file", pidFile.toString(), id);
    }

    private HostCommand.Result require(List<String> args, String what) {
        HostCommand.Result result = run(args);
        if (!result.ok()) {
            throw failure(what, result);
        }
        return result;
    }

    private HostCommand.Result run(List<String> args) {
        List<String> argv = new ArrayList<>(List.of(binary.toString(), "--root", root.toString()));
        argv.addAll(args);
        return HostCommand.run(argv, TIMEOUT);
    }

    private static BerthException failure(String what, HostCommand.Result result) {
        return BerthException.internal("runc could not %s: %s".formatted(what, errorMessage(result.stderr())));
    }

    /** runc logs errors as logrus lines ({@code time=... level=error msg="..."}); users want only the msg. */
    static String errorMessage(String runcOutput) {
        Matcher m = LOGRUS_MESSAGE.matcher(runcOutput);
        List<String> messages = new ArrayList<>();
        while (m.find()) {
            messages.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return messages.isEmpty() ? runcOutput.strip() : String.join("; ", messages);
    }
}
