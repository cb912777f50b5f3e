package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.ApiPath;
import dev.berth.client.MultiplexedStream;
import dev.berth.client.RequestBody;
import dev.berth.client.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The logs of every replica of a stack or service, each line prefixed with the replica's name as Compose does
 * ({@code app-web-1  | line}). Following, it also picks up replicas that appear later (replacements, scale-up).
 */
final class ReplicaLogs {
    private static final Duration RESCAN = Duration.ofSeconds(1);

    private final CliContext ctx;
    private final String stack;
    private final List<String> services;
    private final String tail;
    private final Set<String> streaming = ConcurrentHashMap.newKeySet();

    ReplicaLogs(CliContext ctx, String stack, List<String> services, String tail) {
        this.ctx = ctx;
        this.stack = stack;
        this.services = List.copyOf(services);
        this.tail = tail;
    }

    /** Prints the logs; with {@code follow}, keeps going until the process is stopped. */
    void show(boolean follow) throws InterruptedException {
        List<Thread> readers = new ArrayList<>();
        do {
            for (JsonNode c : replicas()) {
                String id = c.path("Id").asText();
                if (streaming.add(id)) {
                    String name = c.path("Names").path(0).asText().replaceFirst("^/", "");
                    readers.add(Thread.ofVirtual().start(() -> stream(id, name, follow)));
                }
            }
            if (follow) {
                Thread.sleep(RESCAN);
            }
        } while (follow);
        for (Thread t : readers) {
            t.join();
        }
    }

    private List<JsonNode> replicas() {
        if (services.isEmpty()) {
            return ReplicaTable.replicas(ctx, stack, "", true);
        }
        List<JsonNode> all = new ArrayList<>();
        services.forEach(s -> all.addAll(ReplicaTable.replicas(ctx, stack, s, true)));
        return all;
    }

    private void stream(String id, String name, boolean follow) {
        ApiPath path = ApiPath.of("/containers/%s/logs", id).flag("stdout", true).flag("stderr", true).flag("follow", follow)
                .param("tail", tail);
        try (Response r = ctx.client().send("GET", path, RequestBody.empty()); OutputStream out = new Prefixed(ctx.out(), name + "  | ")) {
            MultiplexedStream.copy(r.contentType(), r.body(), out, out);
        } catch (IOException | RuntimeException e) {
            // a replica removed while being read ends its stream; the others go on
        }
    }

    /** Writes whole lines, each with the prefix, so lines of different replicas never interleave mid-line. */
    private static final class Prefixed extends OutputStream {
        private final PrintStream target;
        private final String prefix;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Prefixed(PrintStream target, String prefix) {
            this.target = target;
            this.prefix = prefix;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                synchronized (target) {
                    target.println(prefix + line.toString(StandardCharsets.UTF_8));
                }
                line.reset();
            } else {
                line.write(b);
            }
        }

        @Override
        public void close() {
            if (line.size() > 0) {
                write('\n');
            }
        }
    }
}
