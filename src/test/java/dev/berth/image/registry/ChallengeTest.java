package dev.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChallengeTest {
    @Test
    void bearerChallengesCarryRealmServiceAndScope() {
        Challenge c = Challenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/busybox:pull\"").orElseThrow();
        assertThat(c.isBearer()).isTrue();
        assertThat(c.param("realm")).isEqualTo("https://auth.docker.io/token");
        assertThat(c.param("service")).isEqualTo("registry.docker.io");
        assertThat(c.param("scope")).isEqualTo("repository:library/busybox:pull");
    }

    @Test
    void basicChallengesAndUnquotedOrEscapedValuesParse() {
        Challenge basic = Challenge.parse("Basic realm=\"a \\\"quoted\\\" realm\"").orElseThrow();
        assertThat(basic.isBearer()).isFalse();
        assertThat(basic.param("realm")).isEqualTo("a \"quoted\" realm");
        assertThat(Challenge.parse("bearer realm=http://x/token, service=s").orElseThrow().param("service")).isEqualTo("s");
    }

    @Test
    void unknownSchemesAreNotChallengesBerthAnswers() {
        assertThat(Challenge.parse("Negotiate abc")).isEmpty();
        assertThat(Challenge.parse("")).isEmpty();
    }
}
