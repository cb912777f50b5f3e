package dev.berth.orchestrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.compose.Deploy;
import dev.berth.compose.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceUpdateTest {
    private final Service web = Service.builder("web").image("app:1").environment(Map.of("A", "1", "B", "2"))
            .labels(Map.of("tier", "front")).build();

    private static ServiceUpdate update(String image, Integer replicas, List<String> envAdd, List<String> envRm, Integer parallelism,
                                        String order) {
        return new ServiceUpdate(image, replicas, envAdd, envRm, null, null, null, null, parallelism, null, order, null);
    }

    @Test
    void addsReplacesAndRemovesEnvironmentAndLabelsAndKeepsTheRest() {
        Service changed = new ServiceUpdate(null, null, List.of("B=3", "C=x=y"), List.of("A"), List.of("team=core"), List.of("tier"),
                500_000_000L, 64L << 20, null, null, null, null).applyTo(web);

        assertThat(changed.image()).isEqualTo("app:1");
        assertThat(changed.environment()).containsExactly(Map.entry("B", "3"), Map.entry("C", "x=y"));
        assertThat(changed.labels()).containsExactly(Map.entry("team", "core"));
        assertThat(changed.deploy().resources().limits()).isEqualTo(new Deploy.Limits(500_000_000L, 64L << 20, 0));
    }

    @Test
    void rolloutSettingsChangeTheSpecButNotTheVersionReplicasCarry() {
        ServiceDefinition before = new ServiceDefinition(web, Map.of(), Map.of(), Map.of(), false);
        ServiceDefinition settings = new ServiceDefinition(new ServiceUpdate(null, 4, null, null, null, null, null, null, 3, 2_000_000_000L,
                "start-first", "rollback").applyTo(web), Map.of(), Map.of(), Map.of(), false);
        ServiceDefinition image = new ServiceDefinition(update("app:2", null, null, null, null, null).applyTo(web), Map.of(), Map.of(),
                Map.of(), false);

        Deploy.UpdateConfig u = settings.service().deploy().updateConfig();
        assertThat(u.parallelism()).isEqualTo(3);
        assertThat(u.delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(u.order()).isEqualTo(Deploy.Order.START_FIRST);
        assertThat(u.failureAction()).isEqualTo(Deploy.FailureAction.ROLLBACK);
        assertThat(settings.json()).isNotEqualTo(before.json());
        assertThat(settings.version()).isEqualTo(before.version());
        assertThat(image.version()).isNotEqualTo(before.version());
    }

    @Test
    void badValuesNameTheFlag() {
        assertThatThrownBy(() -> update(null, null, List.of("NOEQUALS"), null, null, null)).hasMessageContaining("--env-add")
                .hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> update(null, -1, null, null, null, null)).hasMessageContaining("replicas");
        assertThatThrownBy(() -> update(null, null, null, null, -2, null)).hasMessageContaining("--update-parallelism");
        assertThatThrownBy(() -> update(null, null, null, null, null, "sideways")).hasMessageContaining("--update-order")
                .hasMessageContaining("stop-first, start-first");
        assertThatThrownBy(() -> update(" ", null, null, null, null, null)).hasMessageContaining("--image");
    }
}
