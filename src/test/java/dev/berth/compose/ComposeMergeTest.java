package dev.berth.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeMergeTest {
    @TempDir
    Path dir;
    private TestProject project;

    @BeforeEach
    void setUp() {
        project = new TestProject(dir);
    }

    private ComposeProject merge(String base, String override) {
        return project.write("compose.yaml", base).write("override.yaml", override).load("compose.yaml", "override.yaml");
    }

    @Test
    void mappingsMergeWithTheLaterFileWinningAndServicesAdded() {
        ComposeProject merged = merge("""
                services:
                  web:
                    image: nginx:1
                    user: "1000"
                    deploy:
                      replicas: 2
                      resources:
                        limits: {memory: 64M}
                """, """
                services:
                  web:
                    image: nginx:2
                    deploy:
                      resources:
                        limits: {cpus: "1"}
                  worker:
                    image: worker
                """);
        Service web = merged.services().get("web");
        assertThat(web.image()).isEqualTo("nginx:2");
        assertThat(web.user()).isEqualTo("1000");
        assertThat(web.deploy().replicas()).isEqualTo(2);
        assertThat(web.deploy().resources().limits()).isEqualTo(new Deploy.Limits(1_000_000_000L, 64L << 20, 0));
        assertThat(merged.services().keySet()).containsExactly("web", "worker");
    }

    @Test
    void commandEntrypointAndHealthcheckTestAreReplaced() {
        Service web = merge("""
                services:
                  web:
                    image: a
                    command: ["echo", "foo"]
                    entrypoint: ["/one", "two"]
                    healthcheck:
                      test: ["CMD", "a", "b"]
                      interval: 5s
                """, """
                services:
                  web:
                    command: ["echo", "bar"]
                    entrypoint: /other
                    healthcheck:
                      test: ["CMD", "c"]
                """).services().get("web");
        assertThat(web.command()).containsExactly("echo", "bar");
        assertThat(web.entrypoint()).containsExactly("/other");
        assertThat(web.healthcheck().test()).containsExactly("CMD", "c");
        assertThat(web.healthcheck().interval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void portsAreUniqueByAddressTargetPublishedAndProtocol() {
        Service web = merge("""
                services:
                  web:
                    image: a
                    ports: ["8080:80", "443:443"]
                """, """
                services:
                  web:
                    ports:
                      - "8080:80"
                      - target: 443
                        published: "443"
                      - "8080:80/udp"
                      - "9090:90"
                """).services().get("web");
        assertThat(web.ports()).containsExactly(new PortMapping("", "8080", 80, "tcp"), new PortMapping("", "443", 443, "tcp"),
                new PortMapping("", "8080", 80, "udp"), new PortMapping("", "9090", 90, "tcp"));
    }

    @Test
    void volumesSecretsAndConfigsAreUniqueByTarget() {
        project.write("a.txt", "a").write("b.txt", "b");
        ComposeProject merged = merge("""
                services:
                  web:
                    image: a
                    volumes: ["foo:/work", "./keep:/keep"]
                    secrets: [one]
                    configs: [one]
                volumes: {foo: {}, bar: {}}
                secrets:
                  one: {file: a.txt}
                  two: {file: b.txt}
                configs:
                  one: {file: a.txt}
                  two: {file: b.txt}
                """, """
                services:
                  web:
                    volumes: ["bar:/work", "/host:/extra"]
                    secrets:
                      - source: two
                        target: one
                    configs:
                      - source: two
                        target: /one
                """);
        Service web = merged.services().get("web");
        assertThat(web.volumes()).containsExactly(VolumeMount.volume("bar", "/work", false),
                new VolumeMount(MountType.BIND, dir.resolve("keep").toString(), "/keep", false, true, false, 0, 0),
                new VolumeMount(MountType.BIND, "/host", "/extra", false, true, false, 0, 0));
        assertThat(web.secrets()).containsExactly(new FileMount("two", "/run/secrets/one", 0, 0, 0400));
        assertThat(web.configs()).containsExactly(new FileMount("two", "/one", 0, 0, 0444));
    }

    @Test
    void environmentAndLabelsMergeByKeyWhateverTheirForm() {
        Service web = merge("""
                services:
                  web:
                    image: a
                    environment:
                      - A=1
                      - B=1
                    labels:
                      x: "1"
                """, """
                services:
                  web:
                    environment:
                      B: 2
                      C: 3
                    labels: [y=2, x=3]
                """).services().get("web");
        assertThat(web.environment()).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"), Map.entry("C", "3"));
        assertThat(web.labels()).containsExactly(Map.entry("x", "3"), Map.entry("y", "2"));
    }

    @Test
    void networksAndDependenciesMergeByName() {
        ComposeProject merged = merge("""
                services:
                  web:
                    image: a
                    networks:
                      front:
                        aliases: [www]
                    depends_on:
                      db:
                        condition: service_healthy
                  db:
                    image: b
                  cache:
                    image: c
                networks:
                  front: {}
                  back: {}
                """, """
                services:
                  web:
                    networks: [back, front]
                    depends_on: [db, cache]
                """);
        Service web = merged.services().get("web");
        assertThat(web.networks()).containsExactly(Map.entry("front", new ServiceNetwork(List.of("www"), "")),
                Map.entry("back", ServiceNetwork.PLAIN));
        assertThat(web.dependsOn()).containsExactly(Map.entry("db", new Dependency(Dependency.Condition.SERVICE_HEALTHY, true, false)),
                Map.entry("cache", Dependency.STARTED));
    }

    @Test
    void plainListsAppendWithoutRepeating() {
        project.write("a.env", "A=1\n").write("b.env", "A=2\nB=2\n");
        Service web = merge("""
                services:
                  web:
                    image: a
                    expose: ["80"]
                    tmpfs: /run
                    env_file: [a.env]
                """, """
                services:
                  web:
                    expose: ["80", "81"]
                    tmpfs: [/run, /tmp]
                    env_file: [a.env, b.env]
                """).services().get("web");
        assertThat(web.expose()).containsExactly("80/tcp", "81/tcp");
        assertThat(web.environment()).containsExactly(Map.entry("A", "2"), Map.entry("B", "2"));
        assertThat(web.tmpfs()).containsExactly("/run", "/tmp");
    }

    @Test
    void resetRemovesAndOverrideReplaces() {
        ComposeProject merged = merge("""
                services:
                  web:
                    image: a
                    ports: ["8080:80"]
                    environment:
                      FOO: bar
                      KEEP: "1"
                    labels: {a: "1", b: "2"}
                    deploy:
                      replicas: 3
                """, """
                services:
                  web:
                    ports: !reset []
                    environment:
                      FOO: !reset null
                    labels: !override
                      c: "3"
                    deploy: !reset {}
                """);
        Service web = merged.services().get("web");
        assertThat(web.ports()).isEmpty();
        assertThat(web.environment()).containsExactly(Map.entry("KEEP", "1"));
        assertThat(web.labels()).containsExactly(Map.entry("c", "3"));
        assertThat(web.deploy().replicas()).isEqualTo(1);
    }

    @Test
    void overrideReplacesAListInsteadOfAppending() {
        Service web = merge("services:\n  web:\n    image: a\n    ports: [\"8080:80\"]\n",
                "services:\n  web:\n    ports: !override\n      - \"8443:443\"\n").services().get("web");
        assertThat(web.ports()).containsExactly(new PortMapping("", "8443", 443, "tcp"));
    }

    @Test
    void relativePathsOfEveryFileAreResolvedAgainstTheFirstFilesDirectory() {
        project.write("base/compose.yaml", "services:\n  web:\n    image: a\n    volumes: [./one:/one]\n");
        project.write("overrides/dev.yaml", "services:\n  web:\n    volumes: [./two:/two]\n    build: ./src\n");
        Service web = project.load("base/compose.yaml", "overrides/dev.yaml").services().get("web");
        assertThat(web.volumes()).extracting(VolumeMount::source)
                .containsExactly(dir.resolve("base/one").toString(), dir.resolve("base/two").toString());
        assertThat(web.build().context()).isEqualTo(dir.resolve("base/src").toString());
    }

    @Test
    void theLaterFilesNameWinsAndThreeFilesMergeInOrder() {
        project.write("a.yaml", "name: first\nservices:\n  web:\n    image: a\n    environment: [N=a]\n");
        project.write("b.yaml", "name: second\nservices:\n  web:\n    environment: [N=b]\n");
        project.write("c.yaml", "services:\n  web:\n    image: c\n");
        ComposeProject merged = project.loadAs(java.util.Optional.empty(), "a.yaml", "b.yaml", "c.yaml");
        assertThat(merged.name()).isEqualTo("second");
        assertThat(merged.services().get("web").image()).isEqualTo("c");
        assertThat(merged.services().get("web").environment()).containsExactly(Map.entry("N", "b"));
    }

    @Test
    void eachFileIsInterpolatedBeforeTheMerge() {
        project.environment.put("TAG", "2");
        Service web = merge("services:\n  web:\n    image: nginx:1\n", "services:\n  web:\n    image: nginx:${TAG}\n")
                .services().get("web");
        assertThat(web.image()).isEqualTo("nginx:2");
    }

    @Test
    void errorsNameTheFileThatWroteTheValue() {
        project.write("compose.yaml", "services:\n  web:\n    image: a\n    ports: [\"80:80\"]\n");
        project.write("override.yaml", "services:\n  web:\n    ports: [\"81:abc\"]\n    deploy:\n      replicas: -1\n");
        assertThat(project.error("compose.yaml", "override.yaml")).startsWith(dir.resolve("override.yaml") + ": services.web.ports[0]: ");
        project.write("override.yaml", "services:\n  web:\n    deploy:\n      replicas: lots\n");
        assertThat(project.error("compose.yaml", "override.yaml")).isEqualTo(dir.resolve("override.yaml")
                + ": services.web.deploy.replicas: expected a whole number, got \"lots\"");
        project.write("override.yaml", "services:\n  web:\n    networks: [missing]\n");
        assertThat(project.error("compose.yaml", "override.yaml")).isEqualTo(dir.resolve("override.yaml")
                + ": services.web.networks.missing: network \"missing\" is not declared in the top-level networks");
        project.write("override.yaml", "services:\n  web:\n    imagee: b\n");
        assertThat(project.error("compose.yaml", "override.yaml")).isEqualTo(dir.resolve("override.yaml")
                + ": services.web: unknown key \"imagee\" (did you mean \"image\"?)");
    }
}
