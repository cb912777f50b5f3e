package dev.berth.api.docker;

import dev.berth.api.http.Exchange;
import dev.berth.api.http.Router;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import dev.berth.engine.ContainerService;
import dev.berth.engine.EventLog;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /events}: newline-delimited JSON events in Docker's shape, the kept ones after {@code since} first,
 * then live ones until {@code until} or until the client goes away ({@code docker stats} holds it open).
 */
public final class EventRoutes {
    private final ContainerService containers;

    public EventRoutes(ContainerService containers) {
        this.containers = containers;
    }

    public void register(Router r) {
        r.add("GET", "/events", this::events);
    }

    private void events(Exchange x) throws IOException, InterruptedException {
        Filters f = Filters.parse(x.query("filters")).allow("type", "event", "container", "network", "image", "label");
        Instant now = Instant.now();
        Instant since = Times.parse(x.query("since"), "since").orElse(now);
        Optional<Instant> until = Times.parse(x.query("until"), "until");
        BlockingQueue<EventLog.Event> queue = new LinkedBlockingQueue<>();
        try (AutoCloseable subscription = containers.events().subscribe(since, queue::add);
             OutputStream out = x.stream(200, "application/json")) {
            while (x.clientConnected()) {
                EventLog.Event e = queue.poll(200, TimeUnit.MILLISECONDS);
                if (e != null && until.map(u -> e.time().isAfter(u)).orElse(false)
                        || e == null && until.map(u -> Instant.now().isAfter(u)).orElse(false)) {
                    break;
                }
                if (e != null && matches(f, e)) {
                    out.write(Json.bytes(view(e)));
                    out.write('\n');
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client went away
        } catch (Exception e) {
            throw BerthException.internal("event stream failed: " + e.getMessage(), e);
        }
    }

    /** Actions with a detail after a colon ("health_status: healthy"), which a filter may name without it, as in dockerd. */
    private static final java.util.Set<String> PREFIX_EVENTS = java.util.Set.of("health_status", "exec_create", "exec_start");

    private static boolean matches(Filters f, EventLog.Event e) {
        String name = e.attributes().getOrDefault("name", "");
        return f.matchesAny("type", e.type()::equals)
                && f.matchesAny("event", v -> e.action().equals(v) || PREFIX_EVENTS.contains(v) && e.action().startsWith(v))
                && f.matchesAny("container", v -> e.type().equals("container") && (e.actorId().startsWith(v) || name.equals(v)))
                && f.matchesAny("network", v -> e.type().equals("network") && (e.actorId().startsWith(v) || name.equals(v)))
                && f.matchesAny("image", v -> v.equals(e.attributes().get("image")))
                && f.matchesLabels(e.attributes());
    }

    /** Docker's event shape; status, id and from are the pre-1.22 fields that clients still read. */
    static Map<String, Object> view(EventLog.Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (e.type().equals("container")) {
            m.put("status", e.action());
            m.put("id", e.actorId());
            m.put("from", e.attributes().getOrDefault("image", ""));
        }
        m.put("Type", e.type());
        m.put("Action", e.action());
        m.put("Actor", Map.of("ID", e.actorId(), "Attributes", e.attributes()));
        m.put("scope", "local");
        m.put("time", e.time().getEpochSecond());
        m.put("timeNano", e.time().getEpochSecond() * 1_000_000_000L + e.time().getNano());
        return m;
    }
}
