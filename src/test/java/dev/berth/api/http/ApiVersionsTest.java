package dev.berth.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiVersionsTest {
    @Test
    void stripsTheVersionPrefix() {
        assertThat(ApiVersions.split("/v1.44/containers/json")).isEqualTo(new ApiVersions.Split("1.44", "/containers/json"));
        assertThat(ApiVersions.split("/containers/json")).isEqualTo(new ApiVersions.Split("1.50", "/containers/json"));
    }

    @Test
    void refusesVersionsOutsideTheRangeWithDockersWords() {
        assertThatThrownBy(() -> ApiVersions.split("/v1.99/info"))
                .hasMessage("client version 1.99 is too new. Maximum supported API version is 1.50");
        assertThatThrownBy(() -> ApiVersions.split("/v1.12/info")).hasMessageContaining("too old");
    }

    @Test
    void comparesWithAnOlderMinorVersion() {
        assertThat(ApiVersions.before("1.41", 44)).isTrue();
        assertThat(ApiVersions.before("1.44", 44)).isFalse();
        assertThat(ApiVersions.before(ApiVersions.CURRENT, 44)).isFalse();
    }
}
