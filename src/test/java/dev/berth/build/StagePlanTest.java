package dev.berth.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.build.dockerfile.Dockerfile;
import dev.berth.build.dockerfile.Dockerfile.Stage;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StagePlanTest {
    private static final Dockerfile FILE = Dockerfile.parse("Dockerfile", """
            FROM busybox AS base
            FROM base AS deps
            FROM busybox AS unused
            FROM busybox AS tools
            FROM scratch AS final
            COPY --from=deps /a /a
            COPY --from=3 /b /b
            FROM busybox AS after
            """);

    @Test
    void theTargetAndWhatItUsesInOrder() {
        assertThat(StagePlan.needed(FILE, Optional.of("final"))).extracting(Stage::index).containsExactly(0, 1, 3, 4);
        assertThat(StagePlan.needed(FILE, Optional.of("DEPS"))).extracting(Stage::index).containsExactly(0, 1);
        assertThat(StagePlan.needed(FILE, Optional.empty())).extracting(Stage::index).containsExactly(5);
    }

    @Test
    void aVariableInCopyFromKeepsEveryEarlierStage() {
        Dockerfile file = Dockerfile.parse("Dockerfile", "FROM busybox AS a\nFROM busybox AS b\nFROM scratch\nCOPY --from=$SRC /x /x\n");
        assertThat(StagePlan.needed(file, Optional.empty())).extracting(Stage::index).containsExactly(0, 1, 2);
    }

    @Test
    void anUnknownTargetIsNamed() {
        assertThatThrownBy(() -> StagePlan.needed(FILE, Optional.of("nope"))).hasMessageContaining("failed to reach build target nope");
    }
}
