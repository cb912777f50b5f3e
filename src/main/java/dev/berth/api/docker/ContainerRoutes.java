package dev.berth.api.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.http.Exchange;
import dev.berth.api.http.Router;
import dev.berth.common.BerthException;
import dev.berth.runtime.Isolation;
import dev.berth.common.DetachKeys;
import dev.berth.common.Json;
import dev.berth.engine.Container;
import dev.berth.engine.ContainerService;
import dev.berth.engine.ExecService;
import dev.berth.engine.HealthStatus;
import dev.berth.image.ImageService;
import dev.berth.runtime.ContainerRuntime;
import dev.berth.runtime.ContainerStats;
import dev.berth.runtime.ContainerStatus;
import dev.berth.runtime.Isolation;
import dev.berth.runtime.LogEntry;
import dev.berth.runtime.LogQuery;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/** The Docker Engine API's {@code /containers/...} endpoints. */
public final class ContainerRoutes {
    private final ContainerService containers;
    private final ExecService execs;
    private final ContainerRuntime runtime;
    private final ImageService images;
    private final Map<Isolation, String> runtimeNames;

    /** {@code runtimeNames}: what runs containers of each isolation (runc or crun, the hypervisor), for inspect. */
    public ContainerRoutes(ContainerService containers, ExecService execs, ContainerRuntime runtime, ImageService images,
                           Map<Isolation, String> runtimeNames) {
        this.containers = containers;
        this.execs = execs;
        this.runtime = runtime;
        this.images = images;
        this.runtimeNames = Map.copyOf(runtimeNames);
    }

    public void register(Router r) {
        r.add("POST", "/containers/create", this::create)
                .add("GET", "/containers/json", this::list)
                .add("GET", "/containers/{id}/json", x -> {
                    Container c = containers.inspect(x.pathParam("id"));
                    String runtimeName = runtimeNames.get(c.hostSettings().isolationKind());
                    x.respondJson(200, sized(x, c, ContainerViews.inspect(c, runtimeName, execs.unfinished(c.id()), containers.storage(c))));
                })
                .add("POST", "/containers/{id}/start", x -> {
                    containers.start(x.pathParam("id"));
                    x.respondStatus(204);
                })
                .add("POST", "/containers/{id}/stop", x -> {
                    containers.stop(x.pathParam("id"), x.queryInt("t"), x.query("signal").filter(s -> !s.isEmpty()));
                    x.respondStatus(204);
                })
                .add("POST", "/containers/{id}/restart", x -> {
                    containers.restart(x.pathParam("id"), x.queryInt("t"));
                    x.respondStatus(204);
                })
                .add("POST", "/containers/{id}/kill", x -> {
                    containers.kill(x.pathParam("id"), x.query("signal").orElse(""));
                    x.respondStatus(204);
                })
                .add("POST", "/containers/{id}/pause", x -> {
                    containers.pause(x.pathParam("id"));
                    x.respondStatus(204);
                })
                .add("POST", "/containers/{id}/unpause", x -> {
                    containers.unpause(x.pathParam("id"));
                    x.respondStatus(204);
                })
                .add("POST", "/containers/{id}/rename", x -> {
                    containers.rename(x.pathParam("id"), x.query("name").orElseThrow(() -> BerthException.invalid("rename needs a name")));
                    x.respondStatus(204);
                })
                .add("POST", "/containers/{id}/wait", this::waitFor)
                .add("DELETE", "/containers/{id}", x -> {
                    Container c = containers.inspect(x.pathParam("id"));
                    containers.remove(c.id(), x.queryBool("force"), x.queryBool("v"));
                    execs.forget(c.id());
                    x.respondStatus(204);
                })
                .add("GET", "/containers/{id}/logs", this::logs)
                .add("POST", "/containers/{id}/attach", this::attach)
                .add("POST", "/containers/{id}/resize", x -> {
                    Container c = containers.running(x.pathParam("id"));
                    if (!c.config().tty()) {
                        throw BerthException.conflict("container " + c.id() + " has no terminal to resize (run it with -t)");
                    }
                    runtime.resizeTerminal(c.id(), x.queryInt("h").orElse(24), x.queryInt("w").orElse(80));
                    x.respondStatus(200);
                })
                .add("GET", "/containers/{id}/top", this::top)
                .add("GET", "/containers/{id}/changes", x -> x.respondJson(200, containers.changes(x.pathParam("id")).stream()
                        .map(c -> Map.of("Path", c.path(), "Kind", c.kind().ordinal())).toList()))
                .add("POST", "/containers/{id}/update", x -> {
                    containers.update(x.pathParam("id"), UpdateRequestParser.parse(x.bodyJson(JsonNode.class)));
                    x.respondJson(200, Map.of("Warnings", List.of()));
                })
                .add("POST", "/containers/prune", this::prune)
                .add("GET", "/containers/{id}/stats", this::stats);
    }

    private void create(Exchange x) {
        JsonNode body = x.bodyJson(JsonNode.class);
        Container c = containers.create(CreateRequestParser.parse(body, x.query("name").orElse("")));
        x.respondJson(201, Map.of("Id", c.id(), "Warnings", List.of()));
    }

    private void list(Exchange x) {
        Filters f = Filters.parse(x.query("filters")).allow("status", "name", "id", "label", "ancestor", "exited", "health", "isolation")
                .allowValues("status", "created", "restarting", "running", "removing", "paused", "exited", "dead");
        f.get("health").forEach(h -> HealthStatus.find(h).orElseThrow(() -> BerthException.invalid(
                "Unrecognised filter value for health: " + h)));
        boolean all = x.queryBool("all") || !f.get("status").isEmpty() || !f.get("exited").isEmpty();
        Stream<Container> rows = containers.list(all).stream()
                .filter(c -> f.matchesAny("status", s -> s.equals(c.state().status())))
                .filter(c -> f.matchesAny("name", n -> c.name().contains(n.startsWith("/") ? n.substring(1) : n)))
                .filter(c -> f.matchesAny("id", i -> c.id().startsWith(i)))
                .filter(c -> f.matchesAny("exited", e -> c.state().status().equals("exited") && e.equals(String.valueOf(c.state().exitCode()))))
                .filter(c -> f.matchesAny("ancestor", a -> c.config().image().equals(a) || c.imageId().contains(a)))
                .filter(c -> f.matchesAny("health", h -> h.equals(c.state().health().status().wire())))
                .filter(c -> f.matchesAny("isolation", i -> Isolation.parse(i) == c.hostSettings().isolationKind()))
                .filter(c -> f.matchesLabels(c.config().labels()));
        Optional<Integer> limit = x.queryInt("limit").filter(l -> l > 0);
        if (limit.isPresent()) {
            rows = rows.limit(limit.get());
        }
        x.respondJson(200, rows.map(c -> sized(x, c, ContainerViews.summary(c, c.config().image()))).toList());
    }

    /** With {@code size=1} (docker inspect --size, docker ps -s), the view plus Docker's SizeRw and SizeRootFs. */
    private Map<String, Object> sized(Exchange x, Container c, Map<String, Object> view) {
        return x.queryBool("size") ? ContainerViews.withSizes(view, c, containers, images) : view;
    }

    /** Headers go out at once; the body follows when the condition holds (docker run relies on this order). */
    private void waitFor(Exchange x) throws IOException {
        CompletableFuture<Integer> done = containers.waitFor(x.pathParam("id"), x.query("condition").orElse(""));
        OutputStream out = x.stream(200, "application/json");
        out.flush();
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            result.put("StatusCode", done.get());
            result.put("Error", null);
        } catch (InterruptedException | ExecutionException e) {
            result.put("StatusCode", -1);
            result.put("Error", Map.of("Message", String.valueOf(e.getMessage())));
        }
        out.write(Json.MAPPER.writeValueAsBytes(result));
        out.write('\n');
        out.close();
    }

    private void logs(Exchange x) throws IOException {
        Container c = containers.inspect(x.pathParam("id"));
        boolean stdout = x.queryBool("stdout");
        boolean stderr = x.queryBool("stderr");
        if (!stdout && !stderr) {
            throw BerthException.invalid("Bad parameters: you must choose at least one stream");
        }
        Optional<Integer> tail = x.query("tail").filter(t -> !t.equals("all") && !t.isEmpty()).map(t -> {
            try {
                return Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw BerthException.invalid("invalid value for tail: '" + t + "' (want a number or all)");
            }
        }).filter(t -> t >= 0);
        LogQuery q = LogQuery.lines(Times.parse(x.query("since"), "since"), Times.parse(x.query("until"), "until"), tail,
                x.queryBool("follow") && c.state().isRunning());
        OutputStream out = x.stream(200, LogFrames.contentType(c.config().tty()));
        out.flush();
        LogFrames frames = new LogFrames(out, c.config().tty(), x.queryBool("timestamps"));
        try (Stream<LogEntry> entries = runtime.logs(c.id(), q)) {
            for (LogEntry e : (Iterable<LogEntry>) entries::iterator) {
                if (e.stream() == LogEntry.Stream.STDOUT ? stdout : stderr) {
                    frames.write(e);
                    if (q.follow()) {
                        frames.flush();
                    }
                }
            }
        } catch (BerthException e) {
            if (e.kind() != dev.berth.common.ErrorKind.NOT_FOUND) {
                throw e;
            }
            // A container that never started has no log yet: an empty log, as Docker shows.
        }
        out.close();
    }

    /**
     * Hijacks the connection and streams the container's output from now on (and, with logs=1, what it wrote
     * before), ending when the container exits. An attach sent before start waits for that start.
     */
    private void attach(Exchange x) throws Exception {
        Container c = containers.inspect(x.pathParam("id"));
        boolean stdout = x.queryBool("stdout");
        boolean stderr = x.queryBool("stderr");
        CompletableFuture<Integer> started = containers.nextStart(c.id());
        Instant from = x.queryBool("logs") ? Instant.EPOCH : Instant.now();
        DetachKeys detachKeys = DetachKeys.parse(x.query("detachKeys").orElse(""));
        Exchange.Hijacked conn = x.hijack(LogFrames.contentType(c.config().tty()));
        try (AutoCloseable hold = containers.holdOutput(c.id()); OutputStream out = conn.out()) {
            if (!containers.inspect(c.id()).state().isRunning()) {
                try {
                    started.get();
                } catch (InterruptedException | ExecutionException e) {
                    return;
                }
            }
            if (x.queryBool("stdin") && c.config().openStdin()) {
                openStdin(c.id()).ifPresent(stdin -> forwardStdin(c.id(), stdin, conn.in(), detachKeys.scanner(), conn.out()));
            }
            LogFrames frames = new LogFrames(out, c.config().tty(), false);
            LogQuery q = LogQuery.attached(from);
            try (Stream<LogEntry> entries = runtime.logs(c.id(), q)) {
                for (LogEntry e : (Iterable<LogEntry>) entries::iterator) {
                    if (e.stream() == LogEntry.Stream.STDOUT ? stdout : stderr) {
                        frames.write(e);
                        frames.flush();
                    }
                }
            }
        }
    }

    /**
     * Copies what the attached client types into the container's stdin until the client half-closes, or until it
     * types the detach keys: then the session ends and the container keeps running with its stdin open, as
     * Docker does. A platform thread, because the runtime's attach socket blocks in native code, which would pin
     * a virtual thread.
     */
    static Thread forwardStdin(String id, OutputStream stdin, java.io.InputStream typed, DetachKeys.Scanner detach,
                               OutputStream session) {
        return Thread.ofPlatform().daemon().name("attach-stdin-" + id.substring(0, 12)).start(() -> {
            try {
                byte[] buf = new byte[8192];
                for (int n; !detach.detached() && (n = typed.read(buf)) > 0; ) {
                    stdin.write(detach.feed(buf, n));
                }
            } catch (IOException e) {
                // The client's connection broke, or the container went away: the session ends as at end of input.
            }
            // A detached client sees its output end, and the attach socket stays open until the container ends:
            // closing it would close the stdin of a StdinOnce container, which a detach must not. Otherwise the
            // client is gone, whether it ended its input or its connection broke, and so is its stdin.
            closeQuietly(detach.detached() ? session : stdin);
        });
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /**
     * The container's stdin; empty when the container ended before it could be opened, as a short command fed
     * by a pipe can: its output is still streamed, as Docker does.
     */
    private Optional<OutputStream> openStdin(String id) {
        try {
            return Optional.of(runtime.attachStdin(id));
        } catch (BerthException e) {
            if (hasEnded(id)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Asks the runtime, which learns of an exit before the stored state does. */
    private boolean hasEnded(String id) {
        try {
            return runtime.state(id).status() == ContainerStatus.EXITED;
        } catch (BerthException e) {
            return e.kind() == dev.berth.common.ErrorKind.NOT_FOUND; // already removed (--rm)
        }
    }

    /** Removes stopped containers; {@code until} takes a time or a duration before now, as dockerd reads it. */
    private void prune(Exchange x) {
        Filters f = Filters.parse(x.query("filters")).allow("until", "label", "label!");
        Optional<Instant> until = f.get("until").stream().map(Times::parseUntil).min(Instant::compareTo);
        ContainerService.PruneReport report = containers.prune(c -> until.map(c.created()::isBefore).orElse(true)
                && f.matchesLabels(c.config().labels()) && !f.anyLabelMatches("label!", c.config().labels()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ContainersDeleted", report.deletedIds());
        m.put("SpaceReclaimed", report.reclaimedBytes());
        x.respondJson(200, m);
    }

    private void top(Exchange x) {
        Container c = containers.running(x.pathParam("id"));
        List<List<String>> rows = runtime.top(c.id());
        x.respondJson(200, Map.of("Titles", rows.getFirst(), "Processes", rows.subList(1, rows.size())));
    }

    /** One-shot stats take two samples a second apart so that CPU percentages can be computed, as dockerd does. */
    private void stats(Exchange x) throws IOException, InterruptedException {
        Container c = containers.running(x.pathParam("id"));
        boolean stream = !x.query("stream").isPresent() || x.queryBool("stream");
        boolean oneShot = x.queryBool("one-shot");
        ContainerStats previous = runtime.stats(c.id());
        OutputStream out = x.stream(200, "application/json");
        while (true) {
            ContainerStats current = previous;
            if (!oneShot) {
                Thread.sleep(1000);
                current = runtime.stats(c.id());
            }
            out.write(Json.bytes(StatsView.of(c, current, previous)));
            out.write('\n');
            out.flush();
            if (!stream || !containers.inspect(c.id()).state().isRunning()) {
                break;
            }
            previous = current;
        }
        out.close();
    }
}
