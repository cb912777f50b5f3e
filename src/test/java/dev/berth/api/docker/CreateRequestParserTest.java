package dev.berth.api.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.Json;
import dev.berth.engine.CreateContainer;
import dev.berth.image.HealthConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CreateRequestParserTest {
    private static CreateContainer parse(String json) {
        return CreateRequestParser.parse(Json.tree(json.getBytes(), "test"), "web");
    }

    @Test
    void readsWhatTheDockerCliSends() {
        CreateContainer c = parse("""
                {"Image":"busybox","Cmd":["sh","-c","true"],"Env":["K=V"],"User":"1000","Tty":false,
                 "Entrypoint":null,"Labels":{"a":"b"},"Unknown":{"x":1},
                 "HostConfig":{"Memory":67108864,"NanoCpus":500000000,"PidsLimit":50,"Binds":["/tmp:/t:ro"],
                   "Tmpfs":{"/run":"size=1m"},"RestartPolicy":{"Name":"on-failure","MaximumRetryCount":2},
                   "NetworkMode":"default","ConsoleSize":[24,80]}}""");
        assertThat(c.name()).isEqualTo("web");
        assertThat(c.cmd()).containsExactly("sh", "-c", "true");
        assertThat(c.entrypointSet()).isFalse();
        assertThat(c.host().memory()).isEqualTo(64L << 20);
        assertThat(c.host().nanoCpus()).isEqualTo(500_000_000L);
        assertThat(c.host().restartPolicy().maximumRetryCount()).isEqualTo(2);
        assertThat(c.host().tmpfs()).containsEntry("/run", "size=1m");
        assertThat(c.labels()).containsEntry("a", "b");
    }

    @Test
    void anEmptyEntrypointClearsTheImagesOne() {
        CreateContainer c = parse("{\"Image\":\"busybox\",\"Entrypoint\":[\"\"],\"Cmd\":[\"ls\"]}");
        assertThat(c.entrypointSet()).isTrue();
        assertThat(c.entrypoint()).isEmpty();
    }

    @Test
    void wrongTypesNameTheField() {
        assertThatThrownBy(() -> parse("{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":\"lots\"}}")).hasMessageContaining("Memory");
        assertThatThrownBy(() -> parse("{\"Image\":\"busybox\",\"Cmd\":[1]}")).hasMessageContaining("Cmd");
        assertThatThrownBy(() -> parse("[]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> parse("{\"Image\":\"busybox\",\"HostConfig\":{\"AutoRemove\":true,"
                + "\"RestartPolicy\":{\"Name\":\"always\"}}}")).hasMessageContaining("AutoRemove");
    }

    @Test
    void filtersAcceptBothClientShapes() {
        Filters go = Filters.parse(Optional.of("{\"label\":{\"a=b\":true},\"status\":{\"running\":true}}"));
        Filters dockerJava = Filters.parse(Optional.of("{\"label\":[\"a=b\"],\"status\":[\"running\"]}"));
        assertThat(go).isEqualTo(dockerJava);
        assertThat(go.matchesLabels(java.util.Map.of("a", "b"))).isTrue();
        assertThat(go.matchesLabels(java.util.Map.of("a", "c"))).isFalse();
        assertThatThrownBy(() -> go.allow("label")).hasMessage("invalid filter 'status'");
        assertThat(Filters.parse(Optional.empty()).get("x")).isEqualTo(List.of());
    }

    @Test
    void readsTheHealthcheckInNanoseconds() {
        CreateContainer c = parse("""
                {"Image":"busybox","Healthcheck":{"Test":["CMD-SHELL","test -f /tmp/ok"],"Interval":200000000,
                 "Timeout":300000000,"StartPeriod":0,"StartInterval":100000000,"Retries":2}}""");
        assertThat(c.healthcheck()).isEqualTo(new HealthConfig(List.of("CMD-SHELL", "test -f /tmp/ok"), 200_000_000L, 300_000_000L,
                0, 100_000_000L, 2));
        assertThat(parse("{\"Image\":\"busybox\",\"Healthcheck\":null}").healthcheck()).isEqualTo(HealthConfig.UNSET);
        assertThat(parse("{\"Image\":\"busybox\",\"Healthcheck\":{\"Test\":[\"NONE\"]}}").healthcheck().test()).containsExactly("NONE");
        assertThatThrownBy(() -> parse("{\"Image\":\"busybox\",\"Healthcheck\":{\"Interval\":5}}"))
                .hasMessage("Interval in Healthcheck cannot be less than 1ms");
        assertThatThrownBy(() -> parse("{\"Image\":\"busybox\",\"Healthcheck\":\"true\"}"))
                .hasMessage("invalid type for field Healthcheck: want an object");
    }
}
