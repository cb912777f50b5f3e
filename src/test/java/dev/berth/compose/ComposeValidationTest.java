package dev.berth.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a compose file can be wrong: the error names the file, the key path and the problem. */
class ComposeValidationTest {
    @TempDir
    Path dir;
    private TestProject project;
    private String file;

    @BeforeEach
    void setUp() {
        project = new TestProject(dir);
        file = dir.resolve("compose.yaml").toString();
    }

    /** The error of a file with one service "web" running nginx, with {@code keys} (indented for the service) added. */
    private String webError(String keys) {
        return project.errorOf("services:\n  web:\n    image: nginx\n" + keys.stripIndent().indent(4));
    }

    @Test
    void unknownKeysSuggestTheNearestKnownOne() {
        assertThat(webError("imagee: x")).isEqualTo(file + ": services.web: unknown key \"imagee\" (did you mean \"image\"?)");
        assertThat(webError("frobnicate: x")).isEqualTo(file + ": services.web: unknown key \"frobnicate\"");
        assertThat(webError("deploy:\n  replica: 2")).isEqualTo(file + ": services.web.deploy: unknown key \"replica\" (did you mean \"replicas\"?)");
        assertThat(project.errorOf("service:\n  web:\n    image: a\n")).isEqualTo(file + ": unknown key \"service\" (did you mean \"services\"?)");
        assertThat(webError("healthcheck:\n  intervall: 1s")).contains("services.web.healthcheck: unknown key \"intervall\" (did you mean \"interval\"?)");
    }

    @Test
    void keysComposeDefinesButBerthDoesNotSupportAreErrors() {
        assertThat(webError("privileged: true")).isEqualTo(file + ": services.web.privileged: not supported by Berth yet");
        assertThat(webError("cap_add: [NET_ADMIN]")).isEqualTo(file + ": services.web.cap_add: not supported by Berth yet");
        assertThat(webError("devices: [/dev/kvm]")).isEqualTo(file + ": services.web.devices: not supported by Berth yet");
        assertThat(webError("deploy:\n  placement: {constraints: [a]}")).isEqualTo(file + ": services.web.deploy.placement: not supported by Berth yet");
        assertThat(webError("deploy:\n  mode: global")).isEqualTo(file
                + ": services.web.deploy.mode: mode \"global\" (only replicated) is not supported by Berth yet");
        assertThat(webError("ports:\n  - target: 80\n    mode: host")).contains("services.web.ports[0].mode: mode \"host\"")
                .contains("not supported by Berth yet");
        assertThat(webError("volumes:\n  - type: bind\n    source: /a\n    target: /b\n    bind: {propagation: shared}"))
                .isEqualTo(file + ": services.web.volumes[0].bind.propagation: not supported by Berth yet");
        assertThat(webError("volumes: [\"/a:/b:z\"]")).contains("services.web.volumes[0]: volume option \"z\" is not supported by Berth yet");
        assertThat(webError("build: https://github.com/x/y.git")).contains("services.web.build.context: a remote build context is not supported");
        assertThat(project.errorOf("include: [other.yaml]\nservices:\n  web:\n    image: a\n")).isEqualTo(file + ": include: not supported by Berth yet");
        assertThat(project.errorOf("services:\n  web:\n    image: a\nnetworks:\n  n:\n    driver: overlay\n"))
                .contains("networks.n.driver: driver \"overlay\"").contains("not supported by Berth yet");
        assertThat(project.errorOf("services:\n  web:\n    image: a\nsecrets:\n  s:\n    external: true\n"))
                .isEqualTo(file + ": secrets.s.external: not supported by Berth yet");
    }

    @Test
    void wrongTypesSayWhatWasExpected() {
        assertThat(webError("ports: \"80:80\"")).isEqualTo(file + ": services.web.ports: expected a list, got a string");
        assertThat(webError("environment: FOO=1")).isEqualTo(file + ": services.web.environment: expected a mapping, got a string");
        assertThat(webError("deploy:\n  replicas: three")).isEqualTo(file + ": services.web.deploy.replicas: expected a whole number, got \"three\"");
        assertThat(webError("command: {a: b}")).isEqualTo(file + ": services.web.command: expected a string or a list of strings, got a mapping");
        assertThat(webError("image: [a]")).isEqualTo(file + ": line 4: duplicate key \"image\"");
        assertThat(project.errorOf("services:\n  web:\n    image: [a]\n")).isEqualTo(file + ": services.web.image: expected a string or number, got a list");
        assertThat(webError("volumes:\n  - type: volume\n    target: /a\n    read_only: maybe"))
                .isEqualTo(file + ": services.web.volumes[0].read_only: expected true or false, got \"maybe\"");
        assertThat(project.errorOf("services: [web]\n")).isEqualTo(file + ": services: expected a mapping, got a list");
        assertThat(webError("environment: [[a]]")).isEqualTo(file + ": services.web.environment[0]: expected a KEY=VALUE string, got a list");
    }

    @Test
    void portsAndVolumesNameTheBadEntry() {
        assertThat(webError("ports: [\"80:80\", \"80:abc\"]")).isEqualTo(file
                + ": services.web.ports[1]: invalid port \"80:abc\": invalid port \"abc\": ports are 1 to 65535");
        assertThat(webError("ports:\n  - published: 80")).isEqualTo(file + ": services.web.ports[0]: a port needs a target");
        assertThat(webError("ports:\n  - target: 80\n    protocol: sctp")).contains("services.web.ports[0]: invalid protocol \"sctp\"");
        assertThat(webError("expose: [http]")).contains("services.web.expose[0]: invalid port \"http\"");
        assertThat(webError("volumes: [\"data:relative\"]")).contains("services.web.volumes[0]: mount target \"relative\" must be an absolute path");
        assertThat(webError("volumes: [\"a:b:c:d\"]")).contains("services.web.volumes[0]: invalid volume \"a:b:c:d\"");
        assertThat(webError("volumes:\n  - source: x\n    target: /x")).contains("services.web.volumes[0]: a volume needs a type");
        assertThat(webError("volumes:\n  - type: bind\n    target: /x")).contains("services.web.volumes[0]: a bind mount needs a source");
        assertThat(webError("volumes:\n  - type: nfs\n    target: /x")).contains("invalid type \"nfs\": use one of bind, volume, tmpfs");
        assertThat(webError("volumes: [\"/a:/same\", \"/b:/same\"]")).contains("services.web: two mounts at /same");
    }

    @Test
    void referencesMustBeDeclared() {
        assertThat(webError("networks: [front]"))
                .isEqualTo(file + ": services.web.networks.front: network \"front\" is not declared in the top-level networks");
        assertThat(webError("volumes: [\"data:/data\"]"))
                .isEqualTo(file + ": services.web.volumes[0]: volume \"data\" is not declared in the top-level volumes");
        assertThat(webError("secrets: [pw]")).isEqualTo(file + ": services.web.secrets[0]: secret \"pw\" is not declared in the top-level secrets");
        assertThat(webError("configs: [conf]")).isEqualTo(file + ": services.web.configs[0]: config \"conf\" is not declared in the top-level configs");
        assertThat(webError("depends_on: [db]"))
                .isEqualTo(file + ": services.web.depends_on.db: depends on service \"db\", which the project does not define");
    }

    @Test
    void dependencyCyclesAreNamed() {
        assertThat(project.errorOf("""
                services:
                  a: {image: x, depends_on: [b]}
                  b: {image: x, depends_on: [c]}
                  c: {image: x, depends_on: [a]}
                """)).isEqualTo(file + ": services.a.depends_on: dependency cycle: a -> b -> c -> a");
        assertThat(webError("depends_on: [web]")).isEqualTo(file + ": services.web: service \"web\" depends on itself");
    }

    @Test
    void aServiceNeedsAnImageOrABuild() {
        assertThat(project.errorOf("services:\n  web:\n    command: [echo]\n"))
                .isEqualTo(file + ": services.web: service \"web\" has neither image nor build: say which image it runs or how to build it");
        assertThat(project.errorOf("services:\n  web:\n")).contains("has neither image nor build");
        assertThat(project.errorOf("services: {}\n")).isEqualTo(file + ": services: the project defines no services");
        assertThat(project.errorOf("name: x\n")).isEqualTo(file + ": services: the project defines no services");
        assertThat(project.errorOf("services:\n  \"web app\":\n    image: a\n")).contains("services.web app: the name \"web app\" may only contain");
    }

    @Test
    void numbersDurationsAndSizesAreChecked() {
        assertThat(webError("deploy:\n  replicas: -1")).isEqualTo(file + ": services.web.deploy: replicas must not be negative, got -1");
        assertThat(webError("stop_grace_period: 10")).isEqualTo(file
                + ": services.web.stop_grace_period: invalid duration \"10\": write e.g. 30s, 1m30s or 500ms");
        assertThat(webError("healthcheck:\n  interval: soon")).contains("services.web.healthcheck.interval: invalid duration \"soon\"");
        assertThat(webError("healthcheck:\n  timeout: 10us")).contains("services.web.healthcheck: healthcheck timeout must be 0 or at least 1ms");
        assertThat(webError("deploy:\n  resources:\n    limits:\n      memory: lots"))
                .isEqualTo(file + ": services.web.deploy.resources.limits.memory: invalid size for memory: 'lots' (examples: 512m, 1g, 1048576)");
        assertThat(webError("deploy:\n  resources:\n    limits:\n      cpus: half")).contains("limits.cpus: invalid cpus \"half\"");
        assertThat(webError("deploy:\n  resources:\n    limits:\n      cpus: -1")).contains("must not be negative");
        assertThat(webError("deploy:\n  update_config:\n    max_failure_ratio: 2")).contains("max_failure_ratio must be between 0 and 1, got 2.0");
        assertThat(webError("deploy:\n  update_config:\n    order: random")).contains("services.web.deploy.update_config.order: invalid order"
                + " \"random\": use one of stop-first, start-first");
        assertThat(webError("deploy:\n  rollback_config:\n    failure_action: rollback")).contains("rollback_config failure_action can be pause or continue");
        assertThat(webError("deploy:\n  restart_policy:\n    condition: always")).contains("invalid condition \"always\": use one of none, on-failure, any");
        assertThat(webError("depends_on:\n  db:\n    condition: healthy")).contains("use one of service_started, service_healthy,"
                + " service_completed_successfully");
        assertThat(webError("x-berth:\n  isolation: jail")).contains("services.web.x-berth.isolation: invalid isolation \"jail\": use one of container, vm");
        assertThat(webError("x-berth:\n  gpus: 1")).contains("services.web.x-berth: unknown key \"gpus\"");
        assertThat(webError("secrets:\n  - source: s\n    mode: rw")).contains("invalid mode \"rw\"");
    }

    @Test
    void processKeysAreChecked() {
        assertThat(webError("restart: sometimes")).contains("services.web.restart: invalid restart policy \"sometimes\"");
        assertThat(webError("restart: on-failure:x")).contains("services.web.restart: invalid restart policy \"on-failure:x\"");
        assertThat(webError("working_dir: relative")).contains("working_dir \"relative\" must be an absolute path");
        assertThat(webError("healthcheck:\n  test: [curl, localhost]")).contains("services.web.healthcheck: invalid healthcheck test [curl, localhost]");
        assertThat(webError("healthcheck:\n  test: [CMD]")).contains("invalid healthcheck test [CMD]");
        assertThat(webError("healthcheck:\n  disable: true\n  test: [CMD, a]")).contains("healthcheck.disable: a disabled healthcheck takes no test");
        assertThat(webError("command: make && make test")).contains("services.web.command: \"make && make test\" uses the shell operator &");
        assertThat(webError("networks:\n  default:\n    ipv4_address: 300.1.1.1")).contains("invalid ipv4_address \"300.1.1.1\"");
    }

    @Test
    void topLevelDefinitionsAreChecked() {
        String service = "services:\n  web:\n    image: a\n";
        assertThat(project.errorOf(service + "configs:\n  c:\n    file: missing.conf\n")).startsWith(file + ": configs.c.file: no such file");
        assertThat(project.errorOf(service + "configs:\n  c:\n    file: a\n    content: b\n"))
                .isEqualTo(file + ": configs.c: give exactly one of file, environment or content");
        assertThat(project.errorOf(service + "secrets:\n  s:\n    content: b\n")).isEqualTo(file + ": secrets.s: unknown key \"content\"");
        assertThat(project.errorOf(service + "secrets:\n  s:\n    environment: NOT_SET\n")).isEqualTo(file + ": secrets.s.environment: variable NOT_SET is not set");
        assertThat(project.errorOf(service + "networks:\n  n:\n    ipam:\n      config:\n        - subnet: 10.0.0.0\n"))
                .contains("networks.n.ipam.config[0]: invalid subnet \"10.0.0.0\"");
        assertThat(project.errorOf(service + "networks:\n  n:\n    external: true\n    internal: true\n"))
                .contains("networks.n: an external network is configured where it was created");
        assertThat(project.errorOf(service + "volumes:\n  v:\n    driver: nfs\n")).contains("volumes.v.driver: driver \"nfs\" (only local)");
    }

    @Test
    void envFilesMustExistUnlessOptional() {
        assertThat(webError("env_file: missing.env")).isEqualTo(file + ": services.web.env_file[0]: env file missing.env not found");
        project.write("bad.env", "A=1\nB='\n");
        assertThat(webError("env_file: bad.env")).isEqualTo(file + ": services.web.env_file[0]: env file bad.env line 2: the value's ' quote is not closed");
        assertThat(webError("env_file:\n  - path: x.env\n    format: raw")).contains("env_file[0].format: not supported by Berth yet");
    }
}
