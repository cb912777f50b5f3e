package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerUpdateTest {
    private static final HostSettings CURRENT = new HostSettings(64L << 20, 0, 1_000_000_000L, 0, 50, List.of(), Map.of(), false,
            new RestartPolicy("always", 0), false, "bridge", "", Map.of(), false, List.of(), List.of(), List.of(), List.of(), Map.of());

    @Test
    void changesOnlyWhatItNames() {
        HostSettings h = new ContainerUpdate(96L << 20, 0, 0, 0, -1, RestartPolicy.NO, false).applyTo(CURRENT);
        assertThat(h.memory()).isEqualTo(96L << 20);
        assertThat(h.nanoCpus()).isEqualTo(1_000_000_000L);
        assertThat(h.pidsLimit()).isEqualTo(-1);
        assertThat(h.restartPolicy().name()).isEqualTo("always");
        assertThat(h.networkMode()).isEqualTo("bridge");
        assertThat(new ContainerUpdate(0, 0, 0, 0, 0, new RestartPolicy("on-failure", 2), true).applyTo(CURRENT).restartPolicy())
                .isEqualTo(new RestartPolicy("on-failure", 2));
    }

    @Test
    void refusesNegativeLimits() {
        assertThatThrownBy(() -> new ContainerUpdate(-1, 0, 0, 0, 0, RestartPolicy.NO, false)).isInstanceOf(BerthException.class);
        assertThatThrownBy(() -> new ContainerUpdate(0, -2, 0, 0, 0, RestartPolicy.NO, false)).isInstanceOf(BerthException.class);
        assertThatThrownBy(() -> new ContainerUpdate(1L << 20, 0, 0, 0, 0, RestartPolicy.NO, false).applyTo(CURRENT).limits())
                .isInstanceOf(BerthException.class).hasMessage("Minimum memory limit allowed is 6MB");
    }

    @Test
    void refusesMoreCpusThanTheHostHasAsDockerdDoes() {
        HostSettings three = new ContainerUpdate(0, 0, 3_000_000_000L, 0, 0, RestartPolicy.NO, false).applyTo(CURRENT);
        assertThatThrownBy(() -> ContainerService.checkLimits(three, 2))
                .isInstanceOf(BerthException.class).hasMessage("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
        assertThat(ContainerService.checkLimits(three, 4).nanoCpus()).isEqualTo(3_000_000_000L);
        assertThat(ContainerService.checkLimits(CURRENT, 1).nanoCpus()).isEqualTo(1_000_000_000L);
    }
}
