package dev.berth.image.overlay;

import dev.berth.common.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Chain ids as the OCI image spec defines them (config.md, "Layer ChainID"): the first layer's is its diff id,
 * each next one is {@code sha256(parent chain id + " " + diff id)}. A chain id names a layer together with
 * everything below it, so two images share an unpacked layer exactly when they share its chain.
 */
final class ChainIds {
    private ChainIds() {}

    static List<Digest> of(List<Digest> diffIds) {
        List<Digest> chain = new ArrayList<>();
        for (Digest diffId : diffIds) {
            chain.add(chain.isEmpty() ? diffId
                    : Digest.sha256((chain.getLast() + " " + diffId).getBytes(StandardCharsets.UTF_8)));
        }
        return chain;
    }
}
