package dev.berth.api.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FiltersTest {
    @Test
    void labelFiltersMatchByKeyOrKeyAndValueInBothClientsShapes() {
        Filters go = Filters.parse(Optional.of("{\"label\":{\"team=web\":true},\"label!\":{\"tmp\":true}}"));
        Filters java = Filters.parse(Optional.of("{\"label\":[\"team=web\"],\"label!\":[\"tmp\"]}"));
        for (Filters f : new Filters[] {go, java}) {
            assertThat(f.matchesLabels(Map.of("team", "web"))).isTrue();
            assertThat(f.matchesLabels(Map.of("team", "db"))).isFalse();
            assertThat(f.anyLabelMatches("label!", Map.of("tmp", ""))).isTrue();
            assertThat(f.anyLabelMatches("label!", Map.of("team", "web"))).isFalse();
        }
        assertThat(Filters.NONE.anyLabelMatches("label!", Map.of("tmp", ""))).isFalse();
    }

    @Test
    void valuesOutsideTheAllowedOnesAreRefusedInDockerdsWords() {
        Filters f = Filters.parse(Optional.of("{\"status\":{\"running\":true,\"bogus\":true}}"));
        assertThatThrownBy(() -> f.allowValues("status", "running", "exited"))
                .isInstanceOf(BerthException.class).hasMessage("invalid filter 'status=bogus'");
        assertThat(f.allowValues("status", "running", "bogus")).isSameAs(f);
        assertThat(Filters.NONE.allowValues("status", "running")).isSameAs(Filters.NONE);
    }

    @Test
    void referencesMatchAsDockerdsGlobOverTheFamiliarNameWithOrWithoutTheTag() {
        assertThat(Filters.referenceMatches("compat/bb", "compat/bb:1")).isTrue();
        assertThat(Filters.referenceMatches("compat/bb:1", "compat/bb:1")).isTrue();
        assertThat(Filters.referenceMatches("compat/bb", "busybox:latest")).isFalse();
        assertThat(Filters.referenceMatches("busy", "busybox:latest")).as("no prefix matching").isFalse();
        assertThat(Filters.referenceMatches("busy*", "busybox:latest")).isTrue();
        assertThat(Filters.referenceMatches("*", "compat/bb:1")).as("* stops at /").isFalse();
        assertThat(Filters.referenceMatches("localhost:5000/app", "localhost:5000/app:2")).isTrue();
        assertThat(Filters.referenceMatches("[", "busybox:latest")).isFalse();
        String digest = "sha256:" + "a".repeat(64);
        assertThat(Filters.referenceMatches("localhost:5000/app", "localhost:5000/app@" + digest)).as("a digest reference").isTrue();
        assertThat(Filters.referenceMatches("localhost:5000/other", "localhost:5000/app@" + digest)).isFalse();
    }
}
