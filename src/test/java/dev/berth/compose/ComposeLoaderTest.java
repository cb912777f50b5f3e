package dev.berth.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeLoaderTest {
    @TempDir
    Path dir;
    private TestProject project;

    @BeforeEach
    void setUp() {
        project = new TestProject(dir);
    }

    private String path(String relative) {
        return dir.resolve(relative).normalize().toString();
    }

    @Test
    void aMinimalServiceGetsComposeDefaults() {
        ComposeProject loaded = project.loadYaml("services:\n  web:\n    image: nginx\n");
        Service web = loaded.services().get("web");
        assertThat(web).isEqualTo(Service.builder("web").image("nginx").build());
        assertThat(web.networks()).containsOnlyKeys("default");
        assertThat(web.deploy()).isEqualTo(Deploy.DEFAULT);
        assertThat(web.restart()).isEqualTo("no");
        assertThat(web.stopGracePeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(loaded.networks()).containsExactly(Map.entry("default", new ProjectNetwork("test_default", false, false, List.of(), Map.of())));
    }

    @Test
    void theProjectNameComesFromTheCallerTheFilesOrTheDirectory() {
        project.write("My_Project-1!/compose.yaml", "services:\n  web:\n    image: nginx\n");
        project.write("named/compose.yaml", "name: from-file\nservices:\n  web:\n    image: nginx\n");
        assertThat(project.loadAs(Optional.empty(), "My_Project-1!/compose.yaml").name()).isEqualTo("my_project-1");
        assertThat(project.loadAs(Optional.empty(), "named/compose.yaml").name()).isEqualTo("from-file");
        assertThat(project.loadAs(Optional.of("explicit"), "named/compose.yaml").name()).isEqualTo("explicit");
        assertThatThrownBy(() -> project.loadAs(Optional.of("Bad Name"), "named/compose.yaml"))
                .hasMessageContaining("invalid project name \"Bad Name\"");
        project.write("_-!/compose.yaml", "services:\n  web:\n    image: nginx\n");
        assertThatThrownBy(() -> project.loadAs(Optional.empty(), "_-!/compose.yaml"))
                .hasMessageContaining("cannot make a project name of the directory name \"_-!\"");
        project.write("badname/compose.yaml", "name: Upper\nservices:\n  web:\n    image: nginx\n");
        assertThatThrownBy(() -> project.loadAs(Optional.empty(), "badname/compose.yaml"))
                .hasMessageContaining("badname/compose.yaml: name: invalid project name \"Upper\"");
    }

    @Test
    void buildAcceptsAContextStringOrAMapping() {
        project.environment.put("FROM_ENV", "env-value");
        ComposeProject loaded = project.loadYaml("""
                services:
                  short:
                    build: ./app
                  long:
                    image: registry.example/long:1
                    build:
                      context: /abs/ctx
                      dockerfile: docker/Dockerfile.prod
                      target: runtime
                      args:
                        - PLAIN=1
                        - FROM_ENV
                        - UNSET_ARG
                  mapped:
                    build:
                      args: {A: "x", FROM_ENV: }
                """);
        assertThat(loaded.services().get("short").build()).isEqualTo(new Build(path("app"), "Dockerfile", Map.of(), ""));
        assertThat(loaded.services().get("short").image()).isEmpty();
        assertThat(loaded.services().get("long").build())
                .isEqualTo(new Build("/abs/ctx", "docker/Dockerfile.prod", Map.of("PLAIN", "1", "FROM_ENV", "env-value"), "runtime"));
        assertThat(loaded.services().get("mapped").build()).isEqualTo(new Build(dir.toString(), "Dockerfile",
                Map.of("A", "x", "FROM_ENV", "env-value"), ""));
        assertThat(loaded.services().get("mapped").build().present()).isTrue();
        assertThat(Build.NONE.present()).isFalse();
    }

    @Test
    void commandAndEntrypointTakeListsOrShellWords() {
        ComposeProject loaded = project.loadYaml("""
                services:
                  list:
                    image: busybox
                    command: ["sh", "-c", "echo $$HOME"]
                    entrypoint: [/entry, --flag]
                  string:
                    image: busybox
                    command: echo "hello world" 'single $$quoted'
                    entrypoint: /bin/sh -c
                  cleared:
                    image: busybox
                    entrypoint: []
                  clearedString:
                    image: busybox
                    entrypoint: ""
                """);
        Service list = loaded.services().get("list");
        assertThat(list.command()).containsExactly("sh", "-c", "echo $HOME");
        assertThat(list.entrypoint()).containsExactly("/entry", "--flag");
        assertThat(list.entrypointSet()).isTrue();
        Service string = loaded.services().get("string");
        assertThat(string.command()).containsExactly("echo", "hello world", "single $quoted");
        assertThat(string.entrypoint()).containsExactly("/bin/sh", "-c");
        assertThat(loaded.services().get("cleared").entrypoint()).isEmpty();
        assertThat(loaded.services().get("cleared").entrypointSet()).isTrue();
        assertThat(loaded.services().get("clearedString").entrypointSet()).isTrue();
        assertThat(loaded.services().get("list").entrypointSet()).isTrue();
        assertThat(project.service("services:\n  s:\n    image: a\n").entrypointSet()).isFalse();
    }

    @Test
    void environmentMergesEnvFilesUnderTheEnvironmentKey() {
        project.environment.put("FROM_SHELL", "shell");
        project.environment.put("DOTENV_REF", "ref");
        project.write("conf/base.env", "A=base\nB=base\nexport C='quoted # kept'\nREF=${DOTENV_REF}\n");
        project.write("conf/override.env", "B=override\nFROM_SHELL\n");
        Service web = project.service("""
                services:
                  web:
                    image: nginx
                    env_file:
                      - conf/base.env
                      - path: conf/override.env
                      - path: conf/missing.env
                        required: false
                    environment:
                      - A=env
                      - FROM_SHELL
                      - UNSET_NAME
                      - EMPTY=
                """);
        assertThat(web.environment()).containsExactly(Map.entry("A", "env"), Map.entry("B", "override"), Map.entry("C", "quoted # kept"),
                Map.entry("REF", "ref"), Map.entry("FROM_SHELL", "shell"), Map.entry("EMPTY", ""));
    }

    @Test
    void environmentAsAMappingAndASingleEnvFile() {
        project.write("one.env", "X=1\nY=1\n");
        Service web = project.service("""
                services:
                  web:
                    image: nginx
                    env_file: one.env
                    environment:
                      Y: 2
                      Z: "three"
                      BOOL: true
                      X:
                """);
        assertThat(web.environment()).containsExactly(Map.entry("Y", "2"), Map.entry("Z", "three"), Map.entry("BOOL", "true"));
    }

    @Test
    void portsTakeTheShortAndTheLongSyntax() {
        Service web = project.service("""
                services:
                  web:
                    image: nginx
                    ports:
                      - 80
                      - "8080:80"
                      - "127.0.0.1:5353:53/udp"
                      - "9000-9001:9000-9001"
                      - target: 443
                        published: "8443"
                        host_ip: 0.0.0.0
                        protocol: tcp
                        mode: ingress
                      - target: 8081
                        published: 8000-8010
                    expose:
                      - 3000
                      - "4000-4001/udp"
                """);
        assertThat(web.ports()).containsExactly(new PortMapping("", "", 80, "tcp"), new PortMapping("", "8080", 80, "tcp"),
                new PortMapping("127.0.0.1", "5353", 53, "udp"), new PortMapping("", "9000", 9000, "tcp"),
                new PortMapping("", "9001", 9001, "tcp"), new PortMapping("0.0.0.0", "8443", 443, "tcp"),
                new PortMapping("", "8000-8010", 8081, "tcp"));
        assertThat(web.expose()).containsExactly("3000/tcp", "4000/udp", "4001/udp");
    }

    @Test
    void volumesTakeTheShortSyntax() {
        project.environment.put("HOME", "/home/me");
        ComposeProject loaded = project.loadYaml("""
                services:
                  web:
                    image: nginx
                    volumes:
                      - ./data:/data
                      - ../shared:/shared:ro
                      - /abs:/abs:rw
                      - ~/cache:/cache
                      - named:/named:ro,nocopy
                      - /anonymous
                volumes:
                  named:
                """);
        assertThat(loaded.services().get("web").volumes()).containsExactly(
                new VolumeMount(MountType.BIND, path("data"), "/data", false, true, false, 0, 0),
                new VolumeMount(MountType.BIND, dir.getParent().resolve("shared").toString(), "/shared", true, true, false, 0, 0),
                new VolumeMount(MountType.BIND, "/abs", "/abs", false, true, false, 0, 0),
                new VolumeMount(MountType.BIND, "/home/me/cache", "/cache", false, true, false, 0, 0),
                new VolumeMount(MountType.VOLUME, "named", "/named", true, false, true, 0, 0),
                VolumeMount.volume("", "/anonymous", false));
        assertThat(loaded.volumes()).containsExactly(Map.entry("named", new ProjectVolume("test_named", false, Map.of())));
    }

    @Test
    void volumesTakeTheLongSyntax() {
        ComposeProject loaded = project.loadYaml("""
                services:
                  web:
                    image: nginx
                    volumes:
                      - type: bind
                        source: ./src
                        target: /src
                        read_only: true
                        bind:
                          create_host_path: true
                      - type: volume
                        source: data
                        target: /data
                        volume:
                          nocopy: true
                      - type: tmpfs
                        target: /scratch
                        tmpfs:
                          size: 64m
                          mode: 01777
                      - type: volume
                        target: /anon
                      - type: bind
                        source: /etc/hosts
                        target: /etc/hosts.host
                      - type: tmpfs
                        target: /small
                        tmpfs: {size: 1k}
                    tmpfs:
                      - /run
                      - /tmp:size=64m
                volumes:
                  data: {}
                """);
        Service web = loaded.services().get("web");
        assertThat(web.volumes()).containsExactly(new VolumeMount(MountType.BIND, path("src"), "/src", true, true, false, 0, 0),
                new VolumeMount(MountType.VOLUME, "data", "/data", false, false, true, 0, 0),
                new VolumeMount(MountType.TMPFS, "", "/scratch", false, false, false, 64L << 20, 01777),
                VolumeMount.volume("", "/anon", false), VolumeMount.bind("/etc/hosts", "/etc/hosts.host", false),
                VolumeMount.tmpfs("/small", 1024));
        assertThat(web.tmpfs()).containsExactly("/run", "/tmp:size=64m");
        assertThat(project.service("services:\n  a:\n    image: a\n    tmpfs: /run\n").tmpfs()).containsExactly("/run");
    }

    @Test
    void networksTakeAListOrAMappingWithAliasesAndAddresses() {
        ComposeProject loaded = project.loadYaml("""
                services:
                  listed:
                    image: nginx
                    networks: [front, back]
                  mapped:
                    image: nginx
                    networks:
                      front:
                        aliases: [api, api.internal]
                        ipv4_address: 172.28.0.10
                      back:
                  plain:
                    image: nginx
                networks:
                  front:
                    ipam:
                      config:
                        - subnet: 172.28.0.0/16
                          gateway: 172.28.0.1
                  back:
                    internal: true
                    labels: [tier=back]
                """);
        assertThat(loaded.services().get("listed").networks()).containsExactly(Map.entry("front", ServiceNetwork.PLAIN),
                Map.entry("back", ServiceNetwork.PLAIN));
        assertThat(loaded.services().get("mapped").networks()).containsExactly(
                Map.entry("front", new ServiceNetwork(List.of("api", "api.internal"), "172.28.0.10")), Map.entry("back", ServiceNetwork.PLAIN));
        assertThat(loaded.services().get("plain").networks()).containsOnlyKeys("default");
        assertThat(loaded.networks()).containsExactly(
                Map.entry("front", new ProjectNetwork("test_front", false, false, List.of(new ProjectNetwork.Subnet("172.28.0.0/16",
                        "172.28.0.1")), Map.of())),
                Map.entry("back", new ProjectNetwork("test_back", false, true, List.of(), Map.of("tier", "back"))),
                Map.entry("default", new ProjectNetwork("test_default", false, false, List.of(), Map.of())));
    }

    @Test
    void externalAndNamedResourcesKeepTheirNames() {
        ComposeProject loaded = project.loadYaml("""
                services:
                  web:
                    image: nginx
                    networks: [outside, legacy, custom]
                    volumes: [shared:/shared, mine:/mine]
                networks:
                  outside:
                    external: true
                  legacy:
                    external:
                      name: old-style
                  custom:
                    name: my-net
                    driver: bridge
                volumes:
                  shared:
                    external: true
                    name: team-data
                  mine:
                    name: my-volume
                    driver: local
                    labels:
                      backup: "daily"
                """);
        assertThat(loaded.networks().get("outside")).isEqualTo(new ProjectNetwork("outside", true, false, List.of(), Map.of()));
        assertThat(loaded.networks().get("legacy").name()).isEqualTo("old-style");
        assertThat(loaded.networks().get("custom")).isEqualTo(new ProjectNetwork("my-net", false, false, List.of(), Map.of()));
        assertThat(loaded.networks()).doesNotContainKey("default");
        assertThat(loaded.volumes().get("shared")).isEqualTo(new ProjectVolume("team-data", true, Map.of()));
        assertThat(loaded.volumes().get("mine")).isEqualTo(new ProjectVolume("my-volume", false, Map.of("backup", "daily")));
    }

    @Test
    void dependsOnTakesAListOrConditions() {
        ComposeProject loaded = project.loadYaml("""
                services:
                  web:
                    image: nginx
                    depends_on:
                      db:
                        condition: service_healthy
                      migrate:
                        condition: service_completed_successfully
                        restart: true
                      cache:
                        required: false
                  worker:
                    image: worker
                    depends_on: [db, cache]
                  db:
                    image: postgres
                  migrate:
                    image: migrate
                  cache:
                    image: redis
                """);
        assertThat(loaded.services().get("web").dependsOn()).containsExactly(
                Map.entry("db", new Dependency(Dependency.Condition.SERVICE_HEALTHY, true, false)),
                Map.entry("migrate", new Dependency(Dependency.Condition.SERVICE_COMPLETED_SUCCESSFULLY, true, true)),
                Map.entry("cache", new Dependency(Dependency.Condition.SERVICE_STARTED, false, false)));
        assertThat(loaded.services().get("worker").dependsOn()).containsExactly(Map.entry("db", Dependency.STARTED),
                Map.entry("cache", Dependency.STARTED));
        assertThat(loaded.servicesInStartOrder()).extracting(Service::name).containsExactly("db", "migrate", "cache", "web", "worker");
    }

    @Test
    void healthchecksTakeEveryTestForm() {
        ComposeProject loaded = project.loadYaml("""
                services:
                  cmd:
                    image: a
                    healthcheck:
                      test: ["CMD", "curl", "-f", "http://localhost"]
                      interval: 1m30s
                      timeout: 500ms
                      start_period: 10s
                      start_interval: 1s
                      retries: 5
                  shell:
                    image: a
                    healthcheck:
                      test: ["CMD-SHELL", "curl -f http://localhost || exit 1"]
                  string:
                    image: a
                    healthcheck:
                      test: curl -f http://localhost || exit 1
                  none:
                    image: a
                    healthcheck:
                      test: ["NONE"]
                  disabled:
                    image: a
                    healthcheck:
                      disable: true
                  timing:
                    image: a
                    healthcheck:
                      interval: 2s
                """);
        Map<String, Service> services = loaded.services();
        assertThat(services.get("cmd").healthcheck()).isEqualTo(new Healthcheck(List.of("CMD", "curl", "-f", "http://localhost"),
                Duration.ofSeconds(90), Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(1), 5));
        assertThat(services.get("shell").healthcheck().test()).containsExactly("CMD-SHELL", "curl -f http://localhost || exit 1");
        assertThat(services.get("string").healthcheck().test()).containsExactly("CMD-SHELL", "curl -f http://localhost || exit 1");
        assertThat(services.get("none").healthcheck().disabled()).isTrue();
        assertThat(services.get("disabled").healthcheck().disabled()).isTrue();
        assertThat(services.get("timing").healthcheck()).isEqualTo(new Healthcheck(List.of(), Duration.ofSeconds(2), Duration.ZERO,
                Duration.ZERO, Duration.ZERO, 0));
        assertThat(services.get("timing").healthcheck().disabled()).isFalse();
    }

    @Test
    void restartSetsTheDeployRestartPolicyUnlessThatIsGiven() {
        ComposeProject loaded = project.loadYaml("""
                services:
                  no:
                    image: a
                    restart: "no"
                  always:
                    image: a
                    restart: always
                  stopped:
                    image: a
                    restart: unless-stopped
                  failure:
                    image: a
                    restart: on-failure:3
                  explicit:
                    image: a
                    restart: "no"
                    deploy:
                      restart_policy:
                        condition: on-failure
                        delay: 5s
                        max_attempts: 3
                        window: 2m
                """);
        Map<String, Service> services = loaded.services();
        assertThat(services.get("no").deploy().restartPolicy().condition()).isEqualTo(Deploy.RestartCondition.NONE);
        assertThat(services.get("always").deploy().restartPolicy()).isEqualTo(Deploy.RestartPolicy.ANY);
        assertThat(services.get("stopped").restart()).isEqualTo("unless-stopped");
        assertThat(services.get("stopped").deploy().restartPolicy().condition()).isEqualTo(Deploy.RestartCondition.ANY);
        assertThat(services.get("failure").restart()).isEqualTo("on-failure:3");
        assertThat(services.get("failure").deploy().restartPolicy())
                .isEqualTo(new Deploy.RestartPolicy(Deploy.RestartCondition.ON_FAILURE, Duration.ZERO, 3, Duration.ZERO));
        assertThat(services.get("explicit").deploy().restartPolicy()).isEqualTo(new Deploy.RestartPolicy(Deploy.RestartCondition.ON_FAILURE,
                Duration.ofSeconds(5), 3, Duration.ofMinutes(2)));
    }

    @Test
    void readsTheProcessKeys() {
        Service web = project.service("""
                services:
                  web:
                    image: nginx
                    user: "1000:1000"
                    working_dir: /srv
                    hostname: web-host
                    labels:
                      - com.example.role=web
                      - flag
                    stop_grace_period: 1m
                    stop_signal: SIGQUIT
                """);
        assertThat(web.user()).isEqualTo("1000:1000");
        assertThat(web.workingDir()).isEqualTo("/srv");
        assertThat(web.hostname()).isEqualTo("web-host");
        assertThat(web.labels()).containsExactly(Map.entry("com.example.role", "web"), Map.entry("flag", ""));
        assertThat(web.stopGracePeriod()).isEqualTo(Duration.ofMinutes(1));
        assertThat(web.stopSignal()).isEqualTo("SIGQUIT");
        assertThat(project.service("services:\n  a:\n    image: a\n    user: 1000\n    labels: {n: 1}\n").user()).isEqualTo("1000");
    }

    @Test
    void readsDeploy() {
        Service web = project.service("""
                services:
                  web:
                    image: nginx
                    deploy:
                      mode: replicated
                      endpoint_mode: vip
                      replicas: 5
                      labels: {com.example.tier: web}
                      resources:
                        limits:
                          cpus: '0.50'
                          memory: 50M
                          pids: 100
                        reservations:
                          cpus: 2
                          memory: 1g
                      update_config:
                        parallelism: 2
                        delay: 10s
                        failure_action: rollback
                        monitor: 30s
                        max_failure_ratio: 0.25
                        order: start-first
                      rollback_config:
                        parallelism: 0
                        failure_action: continue
                """);
        Deploy deploy = web.deploy();
        assertThat(deploy.replicas()).isEqualTo(5);
        assertThat(deploy.labels()).containsExactly(Map.entry("com.example.tier", "web"));
        assertThat(deploy.resources()).isEqualTo(new Deploy.Resources(new Deploy.Limits(500_000_000, 50L << 20, 100),
                new Deploy.Limits(2_000_000_000L, 1L << 30, 0)));
        assertThat(deploy.updateConfig()).isEqualTo(new Deploy.UpdateConfig(2, Duration.ofSeconds(10), Deploy.FailureAction.ROLLBACK,
                Duration.ofSeconds(30), 0.25, Deploy.Order.START_FIRST));
        assertThat(deploy.rollbackConfig()).isEqualTo(new Deploy.UpdateConfig(0, Duration.ZERO, Deploy.FailureAction.CONTINUE,
                Duration.ZERO, 0, Deploy.Order.STOP_FIRST));
        assertThat(project.service("services:\n  a:\n    image: a\n    deploy:\n      replicas: 0\n").deploy().replicas()).isZero();
    }

    @Test
    void configsAndSecretsAreReadAndMounted() {
        project.environment.put("API_TOKEN", "t0ken");
        project.write("conf/nginx.conf", "server {}\n").write("secrets/db.txt", "pa55");
        ComposeProject loaded = project.loadYaml("""
                services:
                  web:
                    image: nginx
                    configs:
                      - nginx
                      - source: inline
                        target: /etc/app/inline.conf
                        uid: "101"
                        gid: "101"
                        mode: 0440
                      - source: fromenv
                        target: /etc/fromenv
                        mode: "0o600"
                    secrets:
                      - db
                      - source: token
                        target: api-token
                      - source: db
                        target: /etc/db.txt
                        mode: 0444
                configs:
                  nginx:
                    file: ./conf/nginx.conf
                  inline:
                    content: |
                      key=${API_TOKEN}
                  fromenv:
                    environment: API_TOKEN
                    name: custom-config
                secrets:
                  db:
                    file: secrets/db.txt
                  token:
                    environment: API_TOKEN
                """);
        Service web = loaded.services().get("web");
        assertThat(web.configs()).containsExactly(new FileMount("nginx", "/nginx", 0, 0, 0444),
                new FileMount("inline", "/etc/app/inline.conf", 101, 101, 0440), new FileMount("fromenv", "/etc/fromenv", 0, 0, 0600));
        assertThat(web.secrets()).containsExactly(new FileMount("db", "/run/secrets/db", 0, 0, 0400),
                new FileMount("token", "/run/secrets/api-token", 0, 0, 0400), new FileMount("db", "/etc/db.txt", 0, 0, 0444));
        assertThat(loaded.configs().get("nginx")).isEqualTo(new ProjectFile("test_nginx", "server {}\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(loaded.configs().get("inline").content(), StandardCharsets.UTF_8)).isEqualTo("key=t0ken\n");
        assertThat(loaded.configs().get("fromenv")).isEqualTo(new ProjectFile("custom-config", "t0ken".getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(loaded.secrets().get("db").content(), StandardCharsets.UTF_8)).isEqualTo("pa55");
        assertThat(new String(loaded.secrets().get("token").content(), StandardCharsets.UTF_8)).isEqualTo("t0ken");
        assertThat(loaded.secrets().get("token").toString()).doesNotContain("t0ken");
    }

    @Test
    void readsBerthsOwnOptions() {
        Service vm = project.service("""
                services:
                  vm:
                    image: alpine
                    x-berth:
                      isolation: vm
                      cpus: 2
                      memory: 512M
                      disk_size: 2g
                      load_balancer: least-connections
                """);
        assertThat(vm.berth()).isEqualTo(new BerthOptions(BerthOptions.Isolation.VM, 2, 512L << 20, 2L << 30,
                BerthOptions.Balancing.LEAST_CONNECTIONS));
    }

    @Test
    void extensionKeysAreIgnoredEverywhereAndVersionWithAWarning() {
        ComposeProject loaded = project.loadYaml("""
                version: "3.9"
                x-defaults: &defaults
                  image: nginx
                services:
                  web:
                    <<: *defaults
                    x-note: anything
                    deploy:
                      x-tool: {a: 1}
                      resources:
                        x-more: 1
                networks:
                  x-not-a-network-key: 1
                x-trailer: [1, 2]
                """);
        assertThat(loaded.services().get("web").image()).isEqualTo("nginx");
        assertThat(project.warnings).singleElement().asString().contains("`version` is obsolete");
    }

    @Test
    void findsTheDefaultFileLikeCompose() {
        assertThat(ComposeLoader.defaultFile(dir)).isEmpty();
        project.write("docker-compose.yml", "services: {}\n");
        assertThat(ComposeLoader.defaultFile(dir)).contains(dir.resolve("docker-compose.yml"));
        project.write("compose.yaml", "services: {}\n");
        assertThat(ComposeLoader.defaultFile(dir)).contains(dir.resolve("compose.yaml"));
    }
}
