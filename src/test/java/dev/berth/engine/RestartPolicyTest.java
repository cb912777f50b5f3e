package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    @Test
    void parsesTheCliForms() {
        assertThat(RestartPolicy.parse("on-failure:3")).isEqualTo(new RestartPolicy("on-failure", 3));
        assertThat(RestartPolicy.parse("always")).isEqualTo(new RestartPolicy("always", 0));
        assertThat(new RestartPolicy("", 0).name()).isEqualTo("no");
    }

    @Test
    void rejectsNonsenseNamingIt() {
        assertThatThrownBy(() -> RestartPolicy.parse("sometimes")).hasMessageContaining("sometimes");
        assertThatThrownBy(() -> RestartPolicy.parse("always:3")).hasMessageContaining("on-failure");
        assertThatThrownBy(() -> RestartPolicy.parse("on-failure:x")).hasMessageContaining("number");
        assertThatThrownBy(() -> RestartPolicy.parse("on-failure:-1")).hasMessageContaining("negative");
    }

    @Test
    void decidesLikeDocker() {
        RestartPolicy onFailure = RestartPolicy.parse("on-failure:2");
        assertThat(onFailure.shouldRestart(1, 0, false)).isTrue();
        assertThat(onFailure.shouldRestart(1, 2, false)).isFalse();
        assertThat(onFailure.shouldRestart(0, 0, false)).isFalse();
        assertThat(RestartPolicy.parse("always").shouldRestart(0, 100, false)).isTrue();
        assertThat(RestartPolicy.parse("always").shouldRestart(0, 0, true)).isFalse();
        assertThat(RestartPolicy.NO.shouldRestart(1, 0, false)).isFalse();
    }

    @Test
    void backOffDoublesAndResetsAfterALongRun() {
        assertThat(ContainerService.backoff(0, Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(100));
        assertThat(ContainerService.backoff(3, Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(800));
        assertThat(ContainerService.backoff(30, Duration.ofSeconds(1))).isEqualTo(Duration.ofMinutes(1));
        assertThat(ContainerService.backoff(5, Duration.ofSeconds(11))).isEqualTo(Duration.ofMillis(100));
    }
}
