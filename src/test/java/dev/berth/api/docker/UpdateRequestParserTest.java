package dev.berth.api.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import dev.berth.engine.ContainerUpdate;
import dev.berth.engine.RestartPolicy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UpdateRequestParserTest {
    @Test
    void readsTheDockerCliBody() {
        ContainerUpdate u = parse("""
                {"Memory":100663296,"NanoCpus":500000000,"PidsLimit":40,"RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3}}""");
        assertThat(u).isEqualTo(new ContainerUpdate(100663296, 0, 500_000_000L, 0, 40, new RestartPolicy("on-failure", 3), true));
    }

    @Test
    void keepsThePolicyWhenItsNameIsEmptyAndIgnoresNullsAsDockerJavaSendsThem() {
        ContainerUpdate u = parse("""
                {"Memory":null,"MemorySwap":null,"CpuShares":512,"CpusetCpus":null,"BlkioWeight":0,"RestartPolicy":{"Name":"","MaximumRetryCount":0}}""");
        assertThat(u.replacesRestartPolicy()).isFalse();
        assertThat(u.cpuShares()).isEqualTo(512);
        assertThat(u.memory()).isZero();
    }

    @Test
    void turnsACpuQuotaIntoNanoCpus() {
        assertThat(parse("{\"CpuQuota\":150000}").nanoCpus()).isEqualTo(1_500_000_000L);
        assertThat(parse("{\"CpuQuota\":50000,\"CpuPeriod\":200000}").nanoCpus()).isEqualTo(250_000_000L);
        assertThatThrownBy(() -> parse("{\"CpuQuota\":50000,\"NanoCpus\":1000000000}")).isInstanceOf(BerthException.class)
                .hasMessageContaining("Conflicting options");
    }

    @Test
    void refusesWhatItCannotApplyAndWrongTypes() {
        assertThatThrownBy(() -> parse("{\"CpusetCpus\":\"0-1\"}")).isInstanceOf(BerthException.class).hasMessageContaining("CpusetCpus");
        assertThatThrownBy(() -> parse("{\"Memory\":\"lots\"}")).isInstanceOf(BerthException.class).hasMessageContaining("Memory");
        assertThatThrownBy(() -> parse("{\"Memory\":-5}")).isInstanceOf(BerthException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> parse("[]")).isInstanceOf(BerthException.class).hasMessageContaining("JSON object");
    }

    private static ContainerUpdate parse(String json) {
        return UpdateRequestParser.parse(Json.tree(json.getBytes(StandardCharsets.UTF_8), "test body"));
    }
}
