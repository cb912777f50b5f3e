package dev.berth.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import dev.berth.common.Mount;
import dev.berth.runtime.ContainerSpec;
import dev.berth.runtime.ProcessSpec;
import dev.berth.runtime.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleWriterTest {
    private static final String ID = "a".repeat(64);
    private final BundleWriter writer = new BundleWriter(20000, "/berth");

    @TempDir
    Path temp;

    @Test
    void writesTheProcessWithDockersDefaults() {
        JsonNode process = config(spec(ContainerSpec.NetworkMode.NONE, Resources.UNLIMITED)).path("process");

        assertThat(texts(process.path("args"))).containsExactly("sh", "-c", "echo hi");
        assertThat(texts(process.path("env"))).containsExactly("PATH=/bin");
        assertThat(process.path("cwd").asText()).isEqualTo("/work");
        assertThat(process.path("user").path("uid").asInt()).isEqualTo(1000);
        assertThat(process.path("user").path("gid").asInt()).isEqualTo(1001);
        assertThat(process.path("user").path("additionalGids").get(0).asInt()).isEqualTo(27);
        assertThat(process.path("noNewPrivileges").asBoolean()).isTrue();
        assertThat(process.path("terminal").asBoolean()).isFalse();
        JsonNode caps = process.path("capabilities");
        assertThat(texts(caps.path("bounding"))).hasSize(14).contains("CAP_CHOWN", "CAP_NET_BIND_SERVICE", "CAP_AUDIT_WRITE")
                .doesNotContain("CAP_SYS_ADMIN");
        assertThat(texts(caps.path("effective"))).isEqualTo(texts(caps.path("bounding")));
        assertThat(texts(caps.path("permitted"))).isEqualTo(texts(caps.path("bounding")));
        assertThat(caps.has("inheritable")).isFalse();
        assertThat(caps.has("ambient")).isFalse();
        assertThat(process.path("rlimits")).hasSize(1);
        assertThat(process.path("rlimits").get(0).path("type").asText()).isEqualTo("RLIMIT_NOFILE");
        assertThat(process.path("rlimits").get(0).path("hard").asLong()).isEqualTo(20000);
    }

    @Test
    void writesRootMountsNamespacesAndAnnotations() {
        JsonNode config = config(spec(ContainerSpec.NetworkMode.NONE, Resources.UNLIMITED));

        assertThat(config.path("ociVersion").asText()).isEqualTo("1.0.2");
        assertThat(config.path("root").path("path").asText()).isEqualTo("/var/lib/rootfs");
        assertThat(config.path("root").path("readonly").asBoolean()).isTrue();
        assertThat(config.path("hostname").asText()).isEqualTo("web");
        List<String> destinations = new ArrayList<>();
        config.path("mounts").forEach(m -> destinations.add(m.path("destination").asText()));
        assertThat(destinations).containsExactly("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys",
                "/sys/fs/cgroup", "/data");
        assertThat(config.path("annotations").path("app").asText()).isEqualTo("shop");
        JsonNode linux = config.path("linux");
        assertThat(linux.path("namespaces").findValuesAsText("type")).containsExactly("pid", "network", "mount", "ipc", "uts");
        assertThat(linux.path("cgroupsPath").asText()).isEqualTo("/berth/" + ID);
        assertThat(texts(linux.path("maskedPaths"))).contains("/proc/kcore", "/sys/firmware");
        assertThat(texts(linux.path("readonlyPaths"))).contains("/proc/sys", "/proc/sysrq-trigger");
        assertThat(linux.path("resources").path("devices").get(0).path("allow").asBoolean()).isFalse();
    }

    @Test
    void hostNetworkKeepsTheHostsNetworkNamespace() {
        JsonNode config = config(spec(ContainerSpec.NetworkMode.HOST, Resources.UNLIMITED));

        assertThat(config.path("linux").path("namespaces").findValuesAsText("type")).doesNotContain("network");
    }

    @Test
    void translatesResourcesIntoCgroupLimits() {
        JsonNode resources = config(spec(ContainerSpec.NetworkMode.NONE,
                new Resources(64L << 20, 128L << 20, 1_500_000_000L, 512, 100))).path("linux").path("resources");

        assertThat(resources.path("memory").path("limit").asLong()).isEqualTo(64L << 20);
        assertThat(resources.path("memory").path("swap").asLong()).isEqualTo(128L << 20);
        assertThat(resources.path("cpu").path("quota").asLong()).isEqualTo(150_000);
        assertThat(resources.path("cpu").path("period").asLong()).isEqualTo(100_000);
        assertThat(resources.path("cpu").path("shares").asLong()).isEqualTo(512);
        assertThat(resources.path("pids").path("limit").asLong()).isEqualTo(100);
    }

    @Test
    void unlimitedResourcesSetNoLimits() {
        JsonNode resources = config(spec(ContainerSpec.NetworkMode.NONE, Resources.UNLIMITED)).path("linux").path("resources");

        assertThat(resources.has("memory")).isFalse();
        assertThat(resources.has("cpu")).isFalse();
        assertThat(resources.has("pids")).isFalse();
    }

    @Test
    void capsNofileAtTheHostsHardLimit() throws IOException {
        Path limits = temp.resolve("limits");
        Files.writeString(limits, """
                Limit                     Soft Limit           Hard Limit           Units
                Max processes             95790                95790                processes
                Max open files            1024                 20000                files
                """);

        assertThat(BundleWriter.hardNofileLimit(limits)).isEqualTo(20000);
        assertThat(BundleWriter.forHost(limits, "/berth").nofileLimit()).isEqualTo(20000);
        Files.writeString(limits, "Max open files            unlimited            unlimited            files\n");
        assertThat(BundleWriter.forHost(limits, "/berth").nofileLimit()).isEqualTo(1_048_576);
    }

    @Test
    void writesConfigJsonIntoTheBundle() throws IOException {
        writer.writeBundle(temp.resolve("bundle"), spec(ContainerSpec.NetworkMode.NONE, Resources.UNLIMITED));

        JsonNode written = Json.tree(Files.readAllBytes(temp.resolve("bundle/config.json")), "config.json");
        assertThat(written.path("process").path("cwd").asText()).isEqualTo("/work");
    }

    private JsonNode config(ContainerSpec spec) {
        return Json.tree(Json.bytes(writer.config(spec)), "config");
    }

    private static ContainerSpec spec(ContainerSpec.NetworkMode network, Resources resources) {
        return new ContainerSpec(ID, Path.of("/var/lib/rootfs"), true,
                new ProcessSpec(List.of("sh", "-c", "echo hi"), List.of("PATH=/bin"), "/work", 1000, 1001, List.of(27), false),
                "web", List.of(Mount.bind("/srv/data", "/data", true)), resources, network, Map.of("app", "shop"),
                ContainerSpec.Stdin.NONE);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
