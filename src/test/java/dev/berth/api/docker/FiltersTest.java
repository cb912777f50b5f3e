package dev.berth.api.docker;

import static org.assertj.core.api.Assertions.assertThat;

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
}
