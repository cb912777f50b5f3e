package dev.berth.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import dev.berth.common.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeProjectTest {
    @TempDir
    Path dir;

    private static Service service(String name, String... dependencies) {
        Map<String, Dependency> dependsOn = new LinkedHashMap<>();
        for (String dependency : dependencies) {
            dependsOn.put(dependency, Dependency.STARTED);
        }
        return Service.builder(name).image("busybox").dependsOn(dependsOn).build();
    }

    private static ComposeProject project(Service... services) {
        Map<String, Service> byName = new LinkedHashMap<>();
        for (Service service : services) {
            byName.put(service.name(), service);
        }
        return new ComposeProject("p", byName, Map.of(ComposeProject.DEFAULT_NETWORK,
                new ProjectNetwork("p_default", false, false, List.of(), Map.of())), Map.of(), Map.of(), Map.of());
    }

    @Test
    void startOrderPutsDependenciesFirstAndOtherwiseKeepsTheFilesOrder() {
        ComposeProject project = project(service("web", "api", "cache"), service("api", "db"), service("worker", "db"),
                service("db"), service("cache"), service("lonely"));
        assertThat(project.servicesInStartOrder()).extracting(Service::name)
                .containsExactly("db", "api", "cache", "web", "worker", "lonely");
    }

    @Test
    void theConstructorRejectsCyclesAndDanglingReferencesForTheDaemonToo() {
        assertThatThrownBy(() -> project(service("a", "b"), service("b", "a")))
                .isInstanceOf(BerthException.class).hasMessage("services.a.depends_on: dependency cycle: a -> b -> a");
        assertThatThrownBy(() -> project(service("a", "ghost"))).hasMessage("services.a.depends_on.ghost: depends on service \"ghost\","
                + " which the project does not define");
        Service onFront = Service.builder("a").image("x").networks(Map.of("front", ServiceNetwork.PLAIN)).build();
        assertThatThrownBy(() -> project(onFront)).hasMessage("services.a.networks.front: network \"front\" is not declared in the"
                + " top-level networks");
        assertThatThrownBy(() -> new ComposeProject("p", Map.of("a", service("b")), Map.of(), Map.of(), Map.of(), Map.of()))
                .hasMessage("services.a: the service under this key is named \"b\"");
        assertThatThrownBy(() -> new ComposeProject("P", Map.of("a", service("a")), Map.of(), Map.of(), Map.of(), Map.of()))
                .hasMessageContaining("invalid project name \"P\"");
    }

    @Test
    void buildersChangeOneThingAtATime() {
        Service web = Service.builder("web").image("nginx:1").deploy(Deploy.DEFAULT.withReplicas(3)).build();
        Service updated = web.toBuilder().image("nginx:2").build();
        assertThat(updated.image()).isEqualTo("nginx:2");
        assertThat(updated.deploy().replicas()).isEqualTo(3);
        assertThat(updated.toBuilder().build()).isEqualTo(updated);
        assertThat(web.deploy().withReplicas(0).replicas()).isZero();
        assertThatThrownBy(() -> Service.builder("web").build()).hasMessageContaining("has neither image nor build");
        assertThatThrownBy(() -> web.deploy().withReplicas(-1)).hasMessageContaining("must not be negative");
    }

    @Test
    void keywordsReadAsComposeSpellsThem() {
        assertThat(Deploy.Order.START_FIRST.keyword()).isEqualTo("start-first");
        assertThat(Deploy.RestartCondition.ON_FAILURE.keyword()).isEqualTo("on-failure");
        assertThat(Dependency.Condition.SERVICE_COMPLETED_SUCCESSFULLY.keyword()).isEqualTo("service_completed_successfully");
        assertThat(Keyword.parse(MountType.class, "tmpfs", "type")).isEqualTo(MountType.TMPFS);
    }

    @Test
    void filesHideTheirContentAndCopyIt() {
        byte[] secret = "hunter2".getBytes(StandardCharsets.UTF_8);
        ProjectFile file = new ProjectFile("p_pw", secret);
        secret[0] = 'X';
        assertThat(new String(file.content(), StandardCharsets.UTF_8)).isEqualTo("hunter2");
        file.content()[0] = 'Y';
        assertThat(file.content()[0]).isEqualTo((byte) 'h');
        assertThat(file.toString()).doesNotContain("hunter2").contains("7 bytes");
        assertThat(file).isEqualTo(new ProjectFile("p_pw", "hunter2".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aFullProjectRoundTripsThroughJackson() throws Exception {
        TestProject files = new TestProject(dir);
        files.environment.put("TOKEN", "t0ken");
        files.write("conf.txt", "config body").write("app.env", "FROM_FILE=1\n");
        ComposeProject project = files.loadYaml("""
                services:
                  web:
                    image: nginx
                    build:
                      context: ./web
                      args: [A=1]
                      target: prod
                    command: nginx -g 'daemon off;'
                    entrypoint: [/docker-entrypoint.sh]
                    env_file: app.env
                    environment: {MODE: prod}
                    ports: ["8080:80", "127.0.0.1:5353:53/udp"]
                    expose: [9000]
                    volumes: ["./html:/usr/share/nginx/html:ro", "data:/data", {type: tmpfs, target: /cache, tmpfs: {size: 1m}}]
                    tmpfs: [/run]
                    networks:
                      front: {aliases: [www], ipv4_address: 172.30.0.5}
                    depends_on:
                      api: {condition: service_healthy}
                    healthcheck:
                      test: ["CMD", "curl", "-f", "http://localhost"]
                      interval: 1s
                      retries: 2
                    restart: on-failure:2
                    user: "101"
                    working_dir: /srv
                    hostname: web
                    labels: {tier: front}
                    stop_grace_period: 30s
                    stop_signal: SIGQUIT
                    deploy:
                      replicas: 3
                      resources:
                        limits: {cpus: 1.5, memory: 128M, pids: 50}
                      update_config: {parallelism: 2, order: start-first, failure_action: rollback, max_failure_ratio: 0.5}
                      labels: {svc: web}
                    configs: [conf]
                    secrets: [{source: token, mode: 0440}]
                  api:
                    image: api
                    x-berth: {isolation: vm, cpus: 2, memory: 1g, disk_size: 4g}
                    healthcheck: {disable: true}
                networks:
                  front:
                    ipam: {config: [{subnet: 172.30.0.0/16}]}
                volumes:
                  data: {labels: {keep: "yes"}}
                configs:
                  conf: {file: conf.txt}
                secrets:
                  token: {environment: TOKEN}
                """);
        String json = Json.string(project);
        ComposeProject back = Json.MAPPER.readValue(json, ComposeProject.class);
        assertThat(back).isEqualTo(project);
        assertThat(back.services().keySet()).containsExactly("web", "api");
        assertThat(back.servicesInStartOrder()).extracting(Service::name).containsExactly("api", "web");
        assertThat(back.services().get("web").healthcheck().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(Json.string(back)).isEqualTo(json);
    }

    @Test
    void theDaemonRevalidatesWhatItReads() {
        String json = """
                {"name":"p","services":{"web":{"name":"web","image":"nginx","build":{"context":"","dockerfile":"","args":{},"target":""},
                "command":[],"entrypoint":[],"entrypointSet":false,"environment":{},"ports":[],"expose":[],"volumes":[],"tmpfs":[],
                "networks":{"front":{"aliases":[],"ipv4Address":""}},"dependsOn":{},"healthcheck":{"test":[],"interval":0,"timeout":0,
                "startPeriod":0,"startInterval":0,"retries":0},"restart":"no","user":"","workingDir":"","hostname":"","labels":{},
                "stopGracePeriod":10,"stopSignal":"","deploy":{"replicas":-2,"resources":{"limits":{"nanoCpus":0,"memoryBytes":0,"pids":0},
                "reservations":{"nanoCpus":0,"memoryBytes":0,"pids":0}},"restartPolicy":{"condition":"ANY","delay":0,"maxAttempts":0,
                "window":0},"updateConfig":{"parallelism":1,"delay":0,"failureAction":"PAUSE","monitor":0,"maxFailureRatio":0,
                "order":"STOP_FIRST"},"rollbackConfig":{"parallelism":1,"delay":0,"failureAction":"PAUSE","monitor":0,"maxFailureRatio":0,
                "order":"STOP_FIRST"},"labels":{}},"configs":[],"secrets":[],"berth":{"isolation":"CONTAINER","cpus":0,"memoryBytes":0,
                "diskSizeBytes":0}}},"networks":{},"volumes":{},"configs":{},"secrets":{}}
                """;
        assertThatThrownBy(() -> Json.parse(json.getBytes(StandardCharsets.UTF_8), ComposeProject.class, "the stack"))
                .isInstanceOf(BerthException.class).hasMessageContaining("replicas must not be negative, got -2");
        String fixedReplicas = json.replace("\"replicas\":-2", "\"replicas\":2");
        assertThatThrownBy(() -> Json.parse(fixedReplicas.getBytes(StandardCharsets.UTF_8), ComposeProject.class, "the stack"))
                .hasMessageContaining("network \"front\" is not declared");
    }
}
