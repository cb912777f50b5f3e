package dev.berth.image.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainIdsTest {
    @Test
    void followsTheOciDefinition() {
        Digest a = Digest.sha256("a".getBytes(StandardCharsets.UTF_8));
        Digest b = Digest.sha256("b".getBytes(StandardCharsets.UTF_8));
        List<Digest> chain = ChainIds.of(List.of(a, b));
        assertThat(chain.getFirst()).isEqualTo(a);
        assertThat(chain.get(1)).isEqualTo(Digest.sha256((a + " " + b).getBytes(StandardCharsets.UTF_8)));
        assertThat(ChainIds.of(List.of())).isEmpty();
    }
}
