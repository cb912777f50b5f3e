package dev.berth.api.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.http.Exchange;
import dev.berth.api.http.Router;
import dev.berth.common.BerthException;
import dev.berth.engine.ExecService;
import dev.berth.runtime.ExecProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Docker's exec endpoints: {@code POST /containers/{id}/exec}, {@code POST /exec/{id}/start}, {@code GET /exec/{id}/json}. */
public final class ExecRoutes {
    private final ExecService execs;

    public ExecRoutes(ExecService execs) {
        this.execs = execs;
    }

    public void register(Router r) {
        r.add("POST", "/containers/{id}/exec", this::create)
                .add("POST", "/exec/{id}/start", this::start)
                .add("GET", "/exec/{id}/json", this::inspect)
                .add("POST", "/exec/{id}/resize", x -> {
                    execs.resize(x.pathParam("id"), x.queryInt("h").orElse(0), x.queryInt("w").orElse(0));
                    x.respondStatus(200);
                });
    }

    private void create(Exchange x) {
        JsonNode b = x.bodyJson(JsonNode.class);
        ExecService.Exec e = execs.create(x.pathParam("id"), CreateRequestParser.strings(b, "Cmd"),
                CreateRequestParser.strings(b, "Env"), CreateRequestParser.text(b, "User"),
                CreateRequestParser.text(b, "WorkingDir"), CreateRequestParser.bool(b, "Tty"),
                CreateRequestParser.bool(b, "AttachStdin"));
        x.respondJson(201, Map.of("Id", e.id()));
    }

    /**
     * Runs the exec. Attached, the connection is hijacked and carries the output; the exit code is recorded
     * before the stream closes, because clients inspect the exec as soon as it ends. As in dockerd, the
     * connection is hijacked first, so a process that cannot start reports that on its stdout, with the exit
     * code in the exec's inspect.
     */
    private void start(Exchange x) throws IOException {
        JsonNode b = x.bodyJson(JsonNode.class);
        boolean detach = CreateRequestParser.bool(b, "Detach");
        ExecService.Exec e = execs.inspect(x.pathParam("id"));
        boolean tty = e.process().terminal();
        if (detach) {
            ExecProcess p = execs.start(e.id());
            Thread.ofVirtual().start(() -> {
                drain(p.stdout(), OutputStream.nullOutputStream());
                execs.awaitExit(e, p);
                p.close();
            });
            x.respondStatus(200);
            return;
        }
        Exchange.Hijacked conn = x.hijack(LogFrames.contentType(tty));
        LogFrames frames = new LogFrames(conn.out(), tty, false);
        ExecProcess p;
        try {
            p = execs.start(e.id());
        } catch (BerthException failed) {
            try (OutputStream out = conn.out()) {
                byte[] message = (failed.getMessage() + "\r\n").getBytes(StandardCharsets.UTF_8);
                frames.writeFrame(1, message, 0, message.length);
                frames.flush();
            }
            return;
        }
        try (p; OutputStream out = conn.out()) {
            if (e.attachStdin()) {
                Thread.ofVirtual().start(() -> {
                    try (OutputStream stdin = p.stdin()) {
                        byte[] buf = new byte[8192];
                        for (int n; (n = conn.in().read(buf)) > 0; ) {
                            stdin.write(buf, 0, n);
                            stdin.flush(); // typed input must arrive as it is typed, not when a buffer fills
                        }
                    } catch (IOException ignored) {
                        // The process ended or the client went away; either way stdin is done.
                    }
                });
            } else {
                p.stdin().close();
            }
            Thread errPump = Thread.ofVirtual().start(() -> pump(p.stderr(), frames, 2));
            pump(p.stdout(), frames, 1);
            errPump.join();
            execs.awaitExit(e, p);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pump(InputStream in, LogFrames frames, int stream) {
        byte[] buf = new byte[32 * 1024];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (frames) {
                    frames.writeFrame(stream, buf, 0, n);
                    frames.flush();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // The client or the process closed its end; the exit code still gets recorded by the caller.
        }
    }

    private static void drain(InputStream in, OutputStream sink) {
        try (in) {
            in.transferTo(sink);
        } catch (IOException ignored) {
            // Detached output has no reader.
        }
    }

    private void inspect(Exchange x) {
        ExecService.Exec e = execs.inspect(x.pathParam("id"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", e.id());
        m.put("Running", e.running());
        m.put("ExitCode", e.exitCode().orElse(null));
        m.put("ProcessConfig", Map.of("tty", e.process().terminal(), "entrypoint", e.process().args().getFirst(),
                "arguments", e.process().args().subList(1, e.process().args().size()), "privileged", false,
                "user", e.process().uid() + ":" + e.process().gid()));
        m.put("OpenStdin", e.attachStdin());
        m.put("OpenStderr", true);
        m.put("OpenStdout", true);
        m.put("CanRemove", false);
        m.put("ContainerID", e.containerId());
        m.put("DetachKeys", "");
        m.put("Pid", e.pid());
        x.respondJson(200, m);
    }
}
