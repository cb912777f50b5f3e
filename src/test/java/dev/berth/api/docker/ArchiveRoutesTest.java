package dev.berth.api.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.PathStat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ArchiveRoutesTest {
    @Test
    void theStatHeaderIsBase64OfMobysPathStatJson() {
        PathStat stat = new PathStat("etc", 4096, (1L << 31) | 0755, Instant.parse("2024-05-01T10:00:00.120Z"), "");
        String json = new String(Base64.getDecoder().decode(ArchiveRoutes.statHeader(stat)), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"name\":\"etc\",\"size\":4096,\"mode\":2147484141,\"mtime\":\"2024-05-01T10:00:00.12Z\","
                + "\"linkTarget\":\"\"}");
    }
}
