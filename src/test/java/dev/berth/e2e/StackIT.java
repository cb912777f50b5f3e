package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Compose stacks end to end: real compose files deployed through the CLI to a real berthd, whose reconciler makes
 * real runc containers on real bridges. Replicas are killed, scaled and updated, and the stack's state is read back
 * through the CLI and the containers themselves.
 */
class StackIT extends DaemonIT {
    private static final Duration CONVERGE = Duration.ofSeconds(30);

    @Test
    void composeUpRunsReplicasOnTheProjectNetworkAndDownRemovesEverything() throws Exception {
        Path file = compose("up", """
                services:
                  web:
                    image: busybox
                    command: httpd -f -p 80 -h /etc
                    volumes: ["/cache"]
                    depends_on:
                      job:
                        condition: service_completed_successfully
                    deploy:
                      replicas: 2
                  job:
                    image: busybox
                    command: ["sh", "-c", "sleep 1; echo job done"]
                """);
        String up = ok("compose", "-f", file.toString(), "-p", "demo", "up", "-d");
        assertThat(up).contains("demo_web").contains("demo_job");
        awaitOutput(() -> ok("compose", "-f", file.toString(), "-p", "demo", "ps"), out -> out.contains("demo-web-1")
                && out.contains("demo-web-2"));
        awaitOutput(() -> ok("compose", "-p", "demo", "logs", "job"), out -> out.contains("demo-job-1  | job done"));
        assertThat(ok("ps", "-a", "--filter", "label=com.docker.compose.project=demo", "--format", "{{.Names}} {{.Status}}"))
                .contains("demo-job-1 Exited (0)");
        Instant jobDone = Instant.parse(ok("inspect", "-f", "{{.State.FinishedAt}}", "demo-job-1").strip());
        Instant webStarted = Instant.parse(ok("inspect", "-f", "{{.State.StartedAt}}", "demo-web-1").strip());
        assertThat(webStarted).as("web waits for job to complete").isAfter(jobDone);

        String lookup = ok("run", "--rm", "--network", "demo_default", "busybox", "nslookup", "web");
        assertThat(lookup.split("Address: ", -1)).as(lookup).hasSize(1 + 2);
        String cache1 = ok("inspect", "-f", "{{json .Mounts}}", "demo-web-1");
        String cache2 = ok("inspect", "-f", "{{json .Mounts}}", "demo-web-2");
        assertThat(cache1).contains("\"Destination\":\"/cache\"").isNotEqualTo(cache2); // a volume of its own each
        String volumesBefore = ok("volume", "ls", "-q");

        ok("compose", "-p", "demo", "down");
        assertThat(ok("volume", "ls", "-q").lines().count()).as("the replicas' anonymous volumes go with them")
                .isEqualTo(volumesBefore.lines().count() - 2);
        assertThat(ok("ps", "-a", "--filter", "label=com.docker.compose.project=demo", "-q")).isBlank();
        assertThat(ok("network", "ls", "--format", "{{.Name}}")).doesNotContain("demo_default");
        assertThat(ok("stack", "ls")).doesNotContain("demo");
    }

    @Test
    void composeUpBuildsTheImagesOfServicesWithABuildKey() throws Exception {
        Path file = compose("built", """
                services:
                  web:
                    build:
                      context: ./app
                      args:
                        GREETING: hi
                    stop_grace_period: 1s
                """);
        Path app = Files.createDirectories(file.getParent().resolve("app"));
        Files.writeString(app.resolve("Dockerfile"), "FROM busybox\nARG GREETING\nRUN echo \"$GREETING\" > /greeting\n"
                + "CMD [\"sh\", \"-c\", \"echo built-$(cat /greeting); sleep 3600\"]\n");
        ok("compose", "-f", file.toString(), "-p", "built", "up", "-d");
        awaitOutput(() -> ok("compose", "-p", "built", "logs"), out -> out.contains("built-web-1  | built-hi"));
        assertThat(ok("inspect", "-f", "{{.Config.Image}}", "built-web-1").strip()).isEqualTo("built-web");
        ok("compose", "-p", "built", "down");
    }

    @Test
    void killedReplicasComeBackAndScalingFollowsTheCount() throws Exception {
        Path file = compose("heal", """
                services:
                  worker:
                    image: busybox
                    command: sleep 3600
                    stop_grace_period: 1s
                    deploy:
                      replicas: 1
                  greedy:
                    image: busybox
                    command: sleep 3600
                    deploy:
                      resources:
                        reservations:
                          memory: 100000G
                """);
        ok("stack", "deploy", "-c", file.toString(), "heal");
        awaitRunning("heal", 1);
        String before = ok("inspect", "-f", "{{.Id}}", "heal-worker-1").strip();

        ok("kill", "heal-worker-1");
        Instant killed = Instant.now();
        awaitOutput(() -> ok("ps", "--filter", "name=heal-worker-1", "--format", "{{.ID}}"),
                out -> !out.isBlank() && !before.startsWith(out.strip()));
        assertThat(Duration.between(killed, Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(awaitOutput(() -> ok("service", "inspect", "heal_greedy"), out -> out.contains("pending")))
                .contains("1 replica(s) pending: insufficient resources");
        assertThat(ok("service", "ls")).contains("heal_greedy").contains("0/1");

        ok("service", "scale", "heal_worker=5");
        awaitRunning("heal", 5);
        ok("service", "scale", "worker=2");
        awaitRunning("heal", 2);
        assertThat(ok("ps", "--filter", "label=com.docker.compose.project=heal", "--format", "{{.Names}}").lines().sorted().toList())
                .containsExactly("heal-worker-1", "heal-worker-2");
        assertThat(ok("service", "ls")).contains("heal_worker").contains("2/2");

        List<String> two = ok("ps", "--filter", "label=com.docker.compose.service=worker", "-q").lines().sorted().toList();
        ok("service", "update", "--update-parallelism", "2", "--update-delay", "100ms", "--replicas", "3", "heal_worker");
        awaitRunning("heal", 3);
        assertThat(ok("ps", "--filter", "label=com.docker.compose.service=worker", "-q").lines().toList())
                .as("rollout settings and a count replace no replica").containsAll(two);
        ok("service", "update", "--env-add", "MODE=fast", "--container-label-add", "tier=back", "heal_worker");
        awaitOutput(() -> ok("ps", "--filter", "label=tier=back", "-q"), out -> out.lines().count() == 3);
        assertThat(ok("inspect", "-f", "{{json .Config.Env}}", "heal-worker-1")).contains("MODE=fast");
        assertThat(ok("service", "inspect", "heal_worker")).contains("\"parallelism\": 2");
        BerthdProcess.Result bad = berthd.berth("service", "update", "--update-order", "sideways", "heal_worker");
        assertThat(bad.exit()).as("docker exits 1 on a daemon error: " + bad).isEqualTo(1);
        assertThat(bad.err()).contains("sideways").contains("--update-order").contains("start-first");
        ok("stack", "rm", "heal");
        assertThat(ok("ps", "-a", "--filter", "label=com.docker.compose.project=heal", "-q")).isBlank();
    }

    @Test
    void aPublishedPortSpreadsConnectionsOverTheReplicas() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path file = compose("lb", """
                services:
                  web:
                    image: busybox
                    command: httpd -f -p 80 -h /etc
                    stop_grace_period: 1s
                    ports:
                      - "127.0.0.1:%d:80"
                    deploy:
                      replicas: 3
                """.formatted(port));
        ok("stack", "deploy", "-c", file.toString(), "lb");
        awaitRunning("lb", 3);
        assertThat(ok("service", "ls")).contains("127.0.0.1:" + port + "->80/tcp");
        java.util.Set<String> seen = new java.util.HashSet<>();
        awaitOutput(() -> {
            seen.add(servedBy(port));
            return String.valueOf(seen.size());
        }, n -> n.equals("3"));

        String inside = ok("run", "--rm", "--network", "lb_default", "busybox", "sh", "-c",
                "nslookup web; for i in 1 2 3 4 5 6; do " + HostnameProbe.GET_HOSTNAME + "web 80 | tail -n 1; echo; done");
        assertThat(inside.split("Address: ", -1)).as("one virtual address answers for the service: " + inside).hasSize(2);
        assertThat(seen).as("inside the network, the service's VIP spreads connections too: " + inside)
                .allMatch(inside::contains);

        ok("service", "scale", "lb_web=1");
        awaitRunning("lb", 1);
        String only = ok("ps", "--filter", "label=com.docker.compose.project=lb", "-q").strip();
        for (int i = 0; i < 5; i++) {
            assertThat(servedBy(port)).isEqualTo(only.substring(0, 12));
        }
        ok("stack", "rm", "lb");
        assertThatThrownBy(() -> HostnameProbe.get(port)).as("the port is closed with the stack").isInstanceOf(java.net.ConnectException.class);
    }

    /** The hostname (container id prefix) of the replica that answered on 127.0.0.1:port. */
    private static String servedBy(int port) throws java.io.IOException {
        List<String> lines = HostnameProbe.get(port).lines().toList();
        return lines.isEmpty() ? "" : lines.getLast().strip();
    }

    @Test
    void anUnhealthyReplicaIsReplacedAndDependentsWaitForHealth() throws Exception {
        Path file = compose("health", """
                services:
                  api:
                    image: busybox
                    command: ["sh", "-c", "sleep 1; touch /tmp/ok; exec sleep 3600"]
                    stop_grace_period: 1s
                    healthcheck:
                      test: ["CMD", "test", "-f", "/tmp/ok"]
                      interval: 200ms
                      start_period: 10s
                      start_interval: 200ms
                      retries: 1
                  front:
                    image: busybox
                    command: sleep 3600
                    depends_on:
                      api:
                        condition: service_healthy
                """);
        ok("stack", "deploy", "-c", file.toString(), "health");
        awaitRunning("health", 2);
        Instant healthy = Instant.now();
        assertThat(ok("inspect", "-f", "{{.State.Health.Status}}", "health-api-1").strip()).isEqualTo("healthy");
        Instant frontStarted = Instant.parse(ok("inspect", "-f", "{{.State.StartedAt}}", "health-front-1").strip());
        Instant apiStarted = Instant.parse(ok("inspect", "-f", "{{.State.StartedAt}}", "health-api-1").strip());
        assertThat(frontStarted).as("front waits for api to be healthy").isAfter(apiStarted.plusMillis(900)).isBefore(healthy);

        String sick = ok("inspect", "-f", "{{.Id}}", "health-api-1").strip();
        ok("exec", "health-api-1", "rm", "/tmp/ok");
        awaitOutput(() -> ok("ps", "--filter", "name=health-api-1", "--format", "{{.ID}} {{.Status}}"),
                out -> !out.isBlank() && !sick.startsWith(out.split(" ")[0]) && out.contains("(healthy)"));
        ok("stack", "rm", "health");
    }

    @Test
    void secretsAndConfigsAreMountedReadOnlyAndNeverShown() throws Exception {
        Path dir = Files.createDirectories(base.resolve("files"));
        Files.writeString(dir.resolve("token.txt"), "s3cr3t-value\n");
        Path file = compose("files", """
                services:
                  app:
                    image: busybox
                    command: ["sh", "-c", "cat /run/secrets/token /etc/app.conf; stat -c '%%a %%u' /run/secrets/token; echo x > /run/secrets/token || echo read-only; sleep 3600"]
                    configs:
                      - source: app
                        target: /etc/app.conf
                    secrets:
                      - token
                configs:
                  app:
                    content: "mode=fast"
                secrets:
                  token:
                    file: %s
                """.formatted(dir.resolve("token.txt")));
        ok("stack", "deploy", "-c", file.toString(), "files");
        String logs = awaitOutput(() -> ok("service", "logs", "files_app"), out -> out.contains("read-only"));
        assertThat(logs).contains("s3cr3t-value").contains("mode=fast").contains("400 0");
        assertThat(ok("service", "inspect", "files_app")).doesNotContain("s3cr3t");
        assertThat(ok("inspect", "files-app-1")).doesNotContain("s3cr3t");
        assertThat(ok("stack", "ls")).doesNotContain("s3cr3t");
        ok("stack", "rm", "files");
    }

    @Test
    void aBrokenUpdateRollsBackByItselfPortsIncluded() throws Exception {
        Path good = Files.createDirectories(base.resolve("good"));
        Files.writeString(good.resolve("Dockerfile"), "FROM busybox\nCMD [\"httpd\", \"-f\", \"-p\", \"80\", \"-h\", \"/etc\"]\n");
        ok("build", "-q", "-t", "app:good", good.toString());
        Path bad = Files.createDirectories(base.resolve("bad"));
        Files.writeString(bad.resolve("Dockerfile"), "FROM busybox\nCMD [\"sh\", \"-c\", \"exit 3\"]\n");
        ok("build", "-q", "-t", "app:bad", bad.toString());
        int[] ports = freePorts(2);
        String app = """
                services:
                  app:
                    image: %s
                    stop_grace_period: 1s
                    ports: ["127.0.0.1:%d:80"]
                    deploy:
                      replicas: 3
                      update_config:
                        order: start-first
                        failure_action: rollback
                        monitor: 2s
                """;
        ok("stack", "deploy", "-c", compose("roll", app.formatted("app:good", ports[0])).toString(), "roll");
        awaitRunning("roll", 3);
        List<String> before = ok("ps", "--filter", "label=com.docker.compose.project=roll", "-q").lines().sorted().toList();
        assertThat(servedBy(ports[0])).isNotBlank();

        ok("stack", "deploy", "-c", compose("roll2", app.formatted("app:bad", ports[1])).toString(), "roll");
        String inspect = awaitOutput(() -> ok("service", "inspect", "roll_app"), out -> out.contains("rollback_completed"));
        assertThat(inspect).contains("\"Image\": \"app:good\"");
        assertThat(ok("ps", "--filter", "label=com.docker.compose.project=roll", "-q").lines().sorted().toList())
                .as("the old replicas kept running through the failed update").isEqualTo(before);
        assertThat(servedBy(ports[0])).as("the port of the definition rolled back to is open again").isNotBlank();
        assertThatThrownBy(() -> HostnameProbe.get(ports[1])).as("the broken update's port is closed")
                .isInstanceOf(java.net.ConnectException.class);

        ok("service", "update", "--image", "app:bad", "roll_app"); // the image now reads app:bad until this rollback too
        awaitOutput(() -> ok("service", "inspect", "roll_app"), out -> out.contains("rollback_completed")
                && out.contains("\"Image\": \"app:good\""));
        assertThat(servedBy(ports[0])).isNotBlank();
        ok("stack", "rm", "roll");
    }

    private static int[] freePorts(int n) throws java.io.IOException {
        int[] out = new int[n];
        List<java.net.ServerSocket> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                held.add(new java.net.ServerSocket(0));
                out[i] = held.get(i).getLocalPort();
            }
        } finally {
            for (java.net.ServerSocket s : held) {
                s.close();
            }
        }
        return out;
    }

    @Test
    void aDaemonRestartWithEverythingKilledBringsTheStackBack() throws Exception {
        Path file = compose("boot", """
                services:
                  worker:
                    image: busybox
                    command: sleep 3600
                    deploy:
                      replicas: 2
                """);
        ok("stack", "deploy", "-c", file.toString(), "boot");
        awaitRunning("boot", 2);
        List<String> before = ok("ps", "--filter", "label=com.docker.compose.project=boot", "-q").lines().toList();

        berthd.kill9();
        assertThat(berthd.deleteLeftoverContainers()).as("what a reboot kills").hasSizeGreaterThanOrEqualTo(2);
        berthd.start();

        String after = awaitOutput(() -> ok("ps", "--filter", "label=com.docker.compose.project=boot", "-q"),
                out -> out.lines().filter(l -> !l.isBlank()).count() == 2);
        assertThat(after.lines().toList()).doesNotContainAnyElementsOf(before);
        ok("stack", "rm", "boot");
    }

    @Test
    void aServiceRunsItsReplicasAsVms() throws Exception {
        Path file = compose("vms", """
                services:
                  guest:
                    image: busybox
                    command: ["sh", "-c", "echo guest up; sleep 3600"]
                    stop_grace_period: 1s
                    configs:
                      - source: motd
                        target: /etc/motd
                    secrets: [token]
                    x-berth:
                      isolation: vm
                      cpus: 1
                      memory: 256M
                      disk_size: 160M
                configs:
                  motd:
                    content: welcome aboard
                secrets:
                  token:
                    file: %s
                """.formatted(Files.writeString(Files.createDirectories(base.resolve("vm-files")).resolve("token"), "vm-s3cr3t")));
        ok("stack", "deploy", "-c", file.toString(), "vms");
        awaitOutput(() -> ok("service", "logs", "vms_guest"), out -> out.contains("vms-guest-1  | guest up"));
        assertThat(ok("inspect", "-f", "{{.HostConfig.Isolation}} {{.HostConfig.Memory}}", "vms-guest-1").strip())
                .isEqualTo("vm 268435456");
        String inside = ok("exec", "vms-guest-1", "sh", "-c", "cat /etc/motd; echo; stat -c '%a %u' /run/secrets/token; "
                + "sha256sum < /run/secrets/token; echo x > /run/secrets/token || echo read-only; grep -c ' /run/secrets/token ' /proc/mounts");
        assertThat(inside).as(inside).startsWith("welcome aboard\n400 0\n" + sha256("vm-s3cr3t") + "  -\n").contains("read-only\n1\n");
        assertThat(ok("inspect", "vms-guest-1")).doesNotContain("vm-s3cr3t");
        long rootKib = Long.parseLong(ok("exec", "vms-guest-1", "sh", "-c", "df -k / | tail -n 1 | awk '{print $2}'").strip());
        assertThat(rootKib).as("x-berth.disk_size sizes the replicas' root disks").isBetween(120_000L, 165_000L);
        assertThat(ok("service", "ls")).contains("vms_guest").contains("1/1");
        ok("stack", "rm", "vms");
    }

    @Test
    void invalidComposeFilesAreRefusedWithFileServiceAndKeyAndNothingIsDeployed() throws Exception {
        Path file = compose("bad", """
                services:
                  web:
                    image: busybox
                    comand: sleep 1
                """);
        BerthdProcess.Result r = berthd.berth("stack", "deploy", "-c", file.toString(), "bad");
        assertThat(r.exit()).as("docker stack deploy and docker compose exit 1 on a bad file").isEqualTo(1);
        assertThat(r.err()).contains(file.getFileName().toString()).contains("services.web").contains("comand");

        Path cycle = compose("cycle", """
                services:
                  a: {image: busybox, depends_on: [b]}
                  b: {image: busybox, depends_on: [a]}
                """);
        assertThat(berthd.berth("compose", "-f", cycle.toString(), "up", "-d").err()).contains("cycle");

        Path missingImage = compose("noimage", """
                services:
                  web: {image: "nothere:1"}
                """);
        assertThat(berthd.berth("stack", "deploy", "-c", missingImage.toString(), "noimage").err()).contains("nothere:1");
        assertThat(ok("stack", "ls")).doesNotContain("bad").doesNotContain("noimage");
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes()));
    }

    private static Path compose(String name, String text) throws Exception {
        Path dir = Files.createDirectories(base.resolve("compose-" + name));
        return Files.writeString(dir.resolve("compose.yaml"), text);
    }

    private static void awaitRunning(String stack, int n) throws Exception {
        awaitOutput(() -> ok("ps", "--filter", "label=com.docker.compose.project=" + stack, "-q"),
                out -> out.lines().filter(l -> !l.isBlank()).count() == n);
    }

    @FunctionalInterface
    interface Probe {
        String read() throws Exception;
    }

    /** Polls until the output satisfies {@code done}; fails with the last output after {@link #CONVERGE}. */
    private static String awaitOutput(Probe probe, Predicate<String> done) throws Exception {
        Instant deadline = Instant.now().plus(CONVERGE);
        String last = probe.read();
        while (!done.test(last)) {
            assertThat(Instant.now()).as("still not there; last output:\n" + last).isBefore(deadline);
            BerthdProcess.pause(Duration.ofMillis(200));
            last = probe.read();
        }
        return last;
    }

    private static String ok(String... args) throws Exception {
        return berthd.ok(args);
    }
}
