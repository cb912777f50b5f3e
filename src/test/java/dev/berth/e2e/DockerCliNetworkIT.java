package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real docker CLI (28.x, API 1.50) driving berthd's networks unchanged: network create/ls/inspect/connect/
 * disconnect/rm, run with --network, --network-alias and -p, and docker port.
 */
class DockerCliNetworkIT extends DaemonIT {

    @BeforeAll
    static void prepare() throws Exception {
        assumeThat(BerthdProcess.DOCKER_CLI).as("the docker CLI is not installed").isExecutable();
    }

    @Test
    void dockerManagesNetworksAndPublishesPorts() throws Exception {
        BerthdProcess.Result plugin = berthd.docker("network", "create", "--driver", "nosuch", "never");
        assertThat(plugin.exit()).as(plugin.toString()).isEqualTo(1);
        assertThat(plugin.err()).contains("plugin \"nosuch\" not found");
        String netId = docker("network", "create", "--label", "team=web", "appnet").strip();
        assertThat(docker("network", "ls", "--format", "{{.Name}} {{.Driver}}")).contains("appnet bridge", "bridge bridge",
                "host host", "none null");
        docker("run", "-d", "--name", "api", "--network", "appnet", "--network-alias", "backend", "-p", "127.0.0.1::80",
                "busybox", "httpd", "-f", "-p", "80", "-h", "/etc");
        String apiId = docker("inspect", "-f", "{{.Id}}", "api").strip();

        String answer = docker("run", "--rm", "--network", "appnet", "busybox", "sh", "-c",
                "printf 'GET /hostname HTTP/1.0\\r\\n\\r\\n' | nc -w 3 backend 80");
        assertThat(answer).contains(apiId.substring(0, 12));

        String port = docker("port", "api", "80").strip();
        assertThat(port).startsWith("127.0.0.1:");
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", Integer.parseInt(port.substring(port.indexOf(':') + 1)))) {
            s.getOutputStream().write("GET /hostname HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains(apiId.substring(0, 12));
        }

        JsonNode net = Json.parse(docker("network", "inspect", "appnet").getBytes(StandardCharsets.UTF_8), JsonNode.class, "inspect")
                .get(0);
        assertThat(net.path("Id").asText()).isEqualTo(netId);
        assertThat(net.path("Labels").path("team").asText()).isEqualTo("web");
        assertThat(net.path("Containers").path(apiId).path("Name").asText()).isEqualTo("api");
        assertThat(net.path("IPAM").path("Config").get(0).path("Subnet").asText()).endsWith("/24");

        docker("run", "-d", "--name", "side", "busybox", "sleep", "300");
        assertThat(docker("run", "--rm", "--pull=never", "busybox", "echo", "on-the-default-network")).contains("on-the-default-network");
        docker("network", "connect", "appnet", "side");
        assertThat(docker("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "side"))
                .contains("bridge", "appnet");
        docker("network", "disconnect", "appnet", "side");
        assertThat(docker("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "side"))
                .doesNotContain("appnet");

        BerthdProcess.Result busy = berthd.docker("network", "rm", "appnet");
        assertThat(busy.exit()).isNotZero();
        assertThat(busy.err()).contains("has active endpoints");
        docker("rm", "-f", "api", "side");
        assertThat(docker("network", "inspect", "-f", "{{json .Options}}", "bridge")).as("the default bridge's, as dockerd's")
                .contains("\"com.docker.network.bridge.enable_icc\":\"true\"", "\"com.docker.network.bridge.enable_ip_masquerade\":\"true\"",
                        "\"com.docker.network.bridge.host_binding_ipv4\":\"0.0.0.0\"", "\"com.docker.network.driver.mtu\":\"1500\"");
        assertThat(docker("run", "--rm", "busybox", "cat", "/sys/class/net/eth0/mtu")).isEqualTo("1500\n");
        assertThat(docker("network", "rm", "appnet").strip()).isEqualTo("appnet");
    }

    private static String docker(String... args) throws Exception {
        BerthdProcess.Result r = berthd.docker(args);
        assertThat(r.exit()).as("docker " + String.join(" ", args) + ": " + r).isZero();
        return r.out();
    }
}
