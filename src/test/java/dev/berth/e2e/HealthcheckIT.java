package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Docker's health checks on a real berthd: probes exec'd in the running container on their interval, the states
 * starting → healthy → unhealthy in inspect, ps and its health filter, health_status events, a hung probe killed at
 * its timeout, the image's HEALTHCHECK and --no-healthcheck, probes ending with the container, and the docker CLI.
 */
class HealthcheckIT extends DaemonIT {
    @Test
    void theHealthFollowsTheProbeThroughStartingHealthyAndUnhealthy() throws Exception {
        String since = String.valueOf(Instant.now().getEpochSecond() - 1);
        // The start period keeps it starting however long the CLI takes; its failures do not count.
        ok("run", "-d", "--name", "hc", "--health-cmd", "test -f /tmp/ok", "--health-interval", "200ms", "--health-retries", "2",
                "--health-start-period", "5m", "--health-start-interval", "200ms", "busybox", "sleep", "300");
        JsonNode starting = awaitInspect("hc", c -> c.path("State").path("Health").path("Log").size() >= 2);
        assertThat(starting.path("State").path("Health").path("Status").asText()).isEqualTo("starting");
        assertThat(starting.path("State").path("Health").path("FailingStreak").asInt()).isZero();
        assertThat(starting.path("State").path("Health").path("Log").get(0).path("ExitCode").asInt()).isEqualTo(1);
        assertThat(starting.path("Config").path("Healthcheck").toString()).isEqualTo("{\"Test\":[\"CMD-SHELL\",\"test -f /tmp/ok\"],"
                + "\"Interval\":200000000,\"StartPeriod\":300000000000,\"StartInterval\":200000000,\"Retries\":2}");
        assertThat(ok("ps", "--filter", "name=hc", "--format", "{{.Status}}")).matches("Up .* \\(health: starting\\)\n");

        ok("exec", "hc", "touch", "/tmp/ok");
        awaitHealth("hc", "healthy");
        assertThat(ok("inspect", "--format", "{{.State.Health.Status}}", "hc")).isEqualTo("healthy\n");
        assertThat(ok("ps", "--filter", "name=hc", "--format", "{{.Status}}")).matches("Up .* \\(healthy\\)\n");
        assertThat(ok("ps", "--filter", "health=healthy", "--format", "{{.Names}}")).isEqualTo("hc\n");
        assertThat(ok("ps", "--filter", "health=unhealthy", "--format", "{{.Names}}")).isEmpty();

        ok("exec", "hc", "rm", "/tmp/ok");
        JsonNode unhealthy = awaitHealth("hc", "unhealthy");
        JsonNode health = unhealthy.path("State").path("Health");
        assertThat(health.path("FailingStreak").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(health.path("Log").size()).isEqualTo(5);
        assertThat(health.path("Log").get(4).path("ExitCode").asInt()).isEqualTo(1);
        assertThat(ok("ps", "--filter", "name=hc", "--format", "{{.Status}}")).matches("Up .* \\(unhealthy\\)\n");
        assertThat(ok("ps", "--filter", "health=unhealthy", "--format", "{{.Names}}")).isEqualTo("hc\n");
        BerthdProcess.Result badFilter = berthd.berth("ps", "--filter", "health=sick");
        assertThat(badFilter.exit()).isNotZero();
        assertThat(badFilter.err()).contains("Unrecognised filter value for health: sick");

        String until = String.valueOf(Instant.now().getEpochSecond() + 1);
        assertThat(ok("events", "--since", since, "--until", until, "--filter", "container=hc", "--filter", "event=health_status",
                "--format", "{{.Action}} {{.Actor.Attributes.name}}").lines().toList())
                .containsExactly("health_status: healthy hc", "health_status: unhealthy hc");

        ok("stop", "-t", "1", "hc");
        JsonNode stopped = inspect("hc");
        assertThat(stopped.path("State").path("Health").path("Status").asText()).isEqualTo("unhealthy");
        JsonNode lastLog = stopped.path("State").path("Health").path("Log");
        BerthdProcess.pause(Duration.ofSeconds(1));
        assertThat(inspect("hc").path("State").path("Health").path("Log")).as("no probe after the stop").isEqualTo(lastLog);
        assertThat(execProcessesOf(stopped.path("Id").asText())).isEmpty();
        ok("rm", "hc");
    }

    @Test
    void aProbeRunningPastItsTimeoutFailsAndIsKilled() throws Exception {
        ok("run", "-d", "--name", "slow", "--health-cmd", "sleep 4711", "--health-timeout", "300ms", "--health-interval", "1s",
                "--health-retries", "1", "busybox", "sleep", "300");
        JsonNode unhealthy = awaitHealth("slow", "unhealthy");
        JsonNode first = unhealthy.path("State").path("Health").path("Log").get(0);
        assertThat(first.path("ExitCode").asInt()).isEqualTo(-1);
        assertThat(first.path("Output").asText()).isEqualTo("Health check exceeded timeout (300ms)");
        Duration took = Duration.between(Instant.parse(first.path("Start").asText()), Instant.parse(first.path("End").asText()));
        assertThat(took).isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
        awaitInspect("slow", c -> c.path("State").path("Health").path("Log").size() >= 3);
        // Killed probes do not pile up: between two probes none is left.
        Instant deadline = Instant.now().plusSeconds(10);
        while (!probeProcesses("sleep 4711").isEmpty()) {
            assertThat(probeProcesses("sleep 4711")).as("probes alive at once").hasSizeLessThanOrEqualTo(1);
            assertThat(Instant.now()).as("waiting for a moment without a probe").isBefore(deadline);
            BerthdProcess.pause(Duration.ofMillis(20));
        }
        String id = unhealthy.path("Id").asText();
        ok("rm", "-f", "slow");
        assertThat(probeProcesses("sleep 4711")).isEmpty();
        assertThat(execProcessesOf(id)).isEmpty();
    }

    @Test
    void theImagesHealthcheckRunsMergedWithTheFlagsUnlessDisabled() throws Exception {
        Path ctx = Files.createDirectories(base.resolve("hcimage"));
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM busybox
                HEALTHCHECK --interval=200ms --retries=2 CMD test -e /etc/passwd
                """);
        ok("build", "-t", "hcimage:1", ctx.toString());

        ok("run", "-d", "--name", "inherits", "--health-retries", "4", "hcimage:1", "sleep", "300");
        ok("run", "-d", "--name", "disabled", "--no-healthcheck", "hcimage:1", "sleep", "300");
        ok("run", "-d", "--name", "plain", "busybox", "sleep", "300");
        JsonNode inherits = awaitHealth("inherits", "healthy");
        assertThat(inherits.path("Config").path("Healthcheck").toString())
                .isEqualTo("{\"Test\":[\"CMD-SHELL\",\"test -e /etc/passwd\"],\"Interval\":200000000,\"Retries\":4}");

        JsonNode disabled = inspect("disabled");
        // dockerd's merge keeps the image's other fields under NONE
        assertThat(disabled.path("Config").path("Healthcheck").toString())
                .isEqualTo("{\"Test\":[\"NONE\"],\"Interval\":200000000,\"Retries\":2}");
        assertThat(disabled.path("State").has("Health")).isFalse();
        assertThat(inspect("plain").path("Config").has("Healthcheck")).isFalse();
        assertThat(ok("ps", "--filter", "name=disabled", "--format", "{{.Status}}")).matches("Up [^(]*\n");
        assertThat(ok("ps", "--filter", "health=none", "--format", "{{.Names}}").lines().sorted().toList())
                .containsExactly("disabled", "plain");

        // A restart starts the health over at starting; the earlier results stay in the log.
        int before = inspect("inherits").path("State").path("Health").path("Log").size();
        ok("restart", "-t", "1", "inherits");
        JsonNode restarted = awaitHealth("inherits", "healthy");
        assertThat(restarted.path("State").path("Health").path("Log").size()).isGreaterThanOrEqualTo(Math.min(5, before + 1));
        ok("rm", "-f", "inherits", "disabled", "plain");
        ok("rmi", "hcimage:1");
    }

    @Test
    void probesResumeAfterADaemonRestartAndEndWithAGracefulOne() throws Exception {
        ok("run", "-d", "--name", "survivor", "--health-cmd", "test -f /tmp/ok", "--health-interval", "200ms", "--health-retries",
                "1", "busybox", "sh", "-c", "touch /tmp/ok; exec sleep 300");
        awaitHealth("survivor", "healthy");
        berthd.kill9();
        berthd.start();
        awaitHealth("survivor", "healthy");
        ok("exec", "survivor", "rm", "/tmp/ok");
        awaitHealth("survivor", "unhealthy");
        String id = inspect("survivor").path("Id").asText();
        // A graceful shutdown ends the probes with the daemon; the container keeps running.
        berthd.stop();
        assertThat(execProcessesOf(id)).isEmpty();
        berthd.start();
        assertThat(inspect("survivor").path("State").path("Running").asBoolean()).isTrue();
        ok("rm", "-f", "survivor");
    }

    @Test
    void theDockerCliSetsAndReadsHealthChecks() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BerthdProcess.DOCKER_CLI), "the docker CLI is not installed");
        String since = String.valueOf(Instant.now().getEpochSecond() - 1);
        docker("run", "-d", "--pull=never", "--name", "dk", "--health-cmd", "echo fine", "--health-interval", "200ms",
                "busybox", "sleep", "300");
        Instant deadline = Instant.now().plusSeconds(20);
        while (!docker("inspect", "--format", "{{.State.Health.Status}}", "dk").equals("healthy\n")) {
            assertThat(Instant.now()).as("waiting for dk to be healthy").isBefore(deadline);
            BerthdProcess.pause(Duration.ofMillis(100));
        }
        assertThat(docker("inspect", "--format", "{{(index .State.Health.Log 0).Output}}", "dk")).isEqualTo("fine\n\n");
        assertThat(docker("ps", "--filter", "health=healthy", "--format", "{{.Names}} {{.Status}}")).matches("dk Up .* \\(healthy\\)\n");
        docker("run", "-d", "--pull=never", "--name", "dknone", "--no-healthcheck", "busybox", "sleep", "300");
        assertThat(docker("inspect", "--format", "{{json .Config.Healthcheck}} {{json .State.Health}}", "dknone"))
                .isEqualTo("{\"Test\":[\"NONE\"]} null\n");
        String until = String.valueOf(Instant.now().getEpochSecond() + 1);
        assertThat(docker("events", "--since", since, "--until", until, "--filter", "container=dk", "--filter", "event=health_status", "--format",
                "{{.Action}} {{.Actor.Attributes.name}}")).isEqualTo("health_status: healthy dk\n");
        docker("rm", "-f", "dk", "dknone");
    }

    private static String ok(String... args) throws Exception {
        BerthdProcess.Result r = berthd.berth(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out();
    }

    private static String docker(String... args) throws Exception {
        BerthdProcess.Result r = berthd.docker(args);
        assertThat(r.exit()).as("docker " + String.join(" ", args) + ": " + r).isZero();
        return r.out();
    }

    /** {@code GET /containers/NAME/json} straight on the socket: quick enough to poll. */
    private static JsonNode inspect(String name) throws IOException {
        String response = berthd.api("GET", "/containers/" + name + "/json");
        assertThat(response).startsWith("HTTP/1.1 200");
        return Json.tree(response.substring(response.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8), "inspect");
    }

    private static JsonNode awaitInspect(String name, Predicate<JsonNode> condition) throws IOException {
        Instant deadline = Instant.now().plusSeconds(20);
        JsonNode last = inspect(name);
        while (!condition.test(last)) {
            assertThat(Instant.now()).as("waiting for " + name + "; last seen: " + last.path("State")).isBefore(deadline);
            BerthdProcess.pause(Duration.ofMillis(50));
            last = inspect(name);
        }
        return last;
    }

    private static JsonNode awaitHealth(String name, String status) throws IOException {
        return awaitInspect(name, c -> c.path("State").path("Health").path("Status").asText().equals(status));
    }

    /** Host processes whose whole command line is {@code commandLine}. */
    private static List<Long> probeProcesses(String commandLine) throws IOException {
        return processes(cmdline -> cmdline.equals(commandLine));
    }

    /** {@code runc exec} processes still running in container {@code id}. */
    private static List<Long> execProcessesOf(String id) throws IOException {
        return processes(cmdline -> cmdline.contains(" exec ") && cmdline.endsWith(" " + id));
    }

    private static List<Long> processes(Predicate<String> cmdline) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> cmdline.test(read(p.resolve("cmdline"))))
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .toList();
        }
    }

    private static String read(Path cmdline) {
        try {
            return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
            return ""; // the process is gone
        }
    }
}
