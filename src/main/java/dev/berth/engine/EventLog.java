package dev.berth.engine;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What happened to containers, networks and images, for {@code GET /events}: the last events kept in memory
 * for {@code since}, and live subscribers. Like dockerd's, the log does not survive a daemon restart.
 */
public final class EventLog {
    private static final int KEPT = 1024;

    /** One event in Docker's terms: {@code type} container|network|image, {@code action} start, die, connect... */
    public record Event(String type, String action, String actorId, Map<String, String> attributes, Instant time) {
        public Event {
            attributes = Map.copyOf(attributes);
        }
    }

    private final Deque<Event> recent = new ArrayDeque<>();
    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();

    public void publish(String type, String action, String actorId, Map<String, String> attributes) {
        Event e = new Event(type, action, actorId, attributes, Instant.now());
        synchronized (recent) {
            recent.addLast(e);
            if (recent.size() > KEPT) {
                recent.removeFirst();
            }
            subscribers.forEach(s -> s.accept(e));
        }
    }

    /** A container event with Docker's actor attributes: the container's labels, image and name, then {@code extra}. */
    public void publishContainer(String action, Container c, Map<String, String> extra) {
        Map<String, String> attributes = new LinkedHashMap<>(c.config().labels());
        attributes.put("image", c.config().image());
        attributes.put("name", c.name());
        attributes.putAll(extra);
        publish("container", action, c.id(), attributes);
    }

    /**
     * Replays the kept events after {@code since}, then delivers new ones as they come, in order and without a
     * gap (both happen under the same lock as publishing). Close the returned handle to stop.
     */
    public AutoCloseable subscribe(Instant since, Consumer<Event> subscriber) {
        synchronized (recent) {
            List<Event> replay = new ArrayList<>();
            recent.stream().filter(e -> e.time().isAfter(since)).forEach(replay::add);
            replay.forEach(subscriber);
            subscribers.add(subscriber);
        }
        return () -> subscribers.remove(subscriber);
    }
}
