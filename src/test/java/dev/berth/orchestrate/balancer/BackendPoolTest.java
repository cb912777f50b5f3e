package dev.berth.orchestrate.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackendPoolTest {
    private final BackendState a = state("a");
    private final BackendState b = state("b");
    private final BackendState c = state("c");

    @Test
    void roundRobinTakesEachInTurn() {
        BackendPool pool = pool(Strategy.ROUND_ROBIN);

        assertThat(IntStream.range(0, 6).mapToObj(i -> pick(pool))).containsExactly("a", "b", "c", "a", "b", "c");
    }

    @Test
    void leastConnectionsTakesTheLeastActiveAndTakesTurnsAmongEquals() {
        BackendPool pool = pool(Strategy.LEAST_CONNECTIONS);
        a.reserve();
        a.reserve();
        c.reserve();

        assertThat(pick(pool)).isEqualTo("b");
        assertThat(List.of(pick(pool), pick(pool))).as("b and c hold one each now").containsExactlyInAnyOrder("b", "c");
        assertThat(b.active()).isEqualTo(2);
    }

    @Test
    void aRetrySkipsTheBackendsTriedAndEndsWhenAllWere() {
        BackendPool pool = pool(Strategy.ROUND_ROBIN);
        List<BackendState> tried = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            tried.add(pool.reserve(tried).orElseThrow());
        }

        assertThat(tried).containsExactlyInAnyOrder(a, b, c);
        assertThat(pool.reserve(tried)).isEmpty();
        assertThat(pool(Strategy.LEAST_CONNECTIONS).reserve(List.of(a, b, c))).isEmpty();
    }

    @Test
    void aSuspectBackendIsPassedOverWhileOthersAreLeftAndTakenWhenNoneIs() {
        BackendPool pool = pool(Strategy.LEAST_CONNECTIONS);
        b.connectFailed();

        assertThat(IntStream.range(0, 4).mapToObj(i -> pick(pool))).doesNotContain("b");
        assertThat(pool.reserve(List.of(a, c))).contains(b);

        b.connected();
        assertThat(IntStream.range(0, 3).mapToObj(i -> pick(pool))).contains("b");
    }

    @Test
    void noMembersGivesNothing() {
        assertThat(new BackendPool(Strategy.ROUND_ROBIN).reserve(List.of())).isEmpty();
    }

    private BackendPool pool(Strategy strategy) {
        BackendPool pool = new BackendPool(strategy);
        pool.replace(List.of(a, b, c));
        return pool;
    }

    private static String pick(BackendPool pool) {
        return pool.reserve(List.of()).orElseThrow().backend().id();
    }

    private static BackendState state(String id) {
        return new BackendState(new Backend(id, new InetSocketAddress(InetAddress.getLoopbackAddress(), 18000 + id.charAt(0))));
    }
}
