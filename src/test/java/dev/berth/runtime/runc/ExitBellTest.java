package dev.berth.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.logfile.ConmonLogReader;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ExitBellTest {
    private static final Duration LONG = Duration.ofMinutes(5);

    @Test
    void aRingEndsAFollowersWaitAtOnce() throws Exception {
        ExitBell bell = new ExitBell();
        AtomicBoolean exited = new AtomicBoolean();
        ConmonLogReader.Writer writer = bell.writer(exited::get);
        assertThat(writer.ended()).isFalse();

        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> writer.await(LONG));
        Thread.sleep(50);
        assertThat(waiting).isNotDone();
        exited.set(true);
        bell.ring();

        waiting.get(10, TimeUnit.SECONDS);
        assertThat(writer.ended()).isTrue();
    }

    @Test
    void aRingBetweenTheCheckAndTheWaitIsNotMissed() throws Exception {
        ExitBell bell = new ExitBell();
        ConmonLogReader.Writer writer = bell.writer(() -> false);
        writer.ended();
        bell.ring();

        CompletableFuture.runAsync(() -> writer.await(LONG)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void withoutARingTheWaitLastsItsTime() {
        ConmonLogReader.Writer writer = new ExitBell().writer(() -> false);
        writer.ended();
        long start = System.nanoTime();

        writer.await(Duration.ofMillis(50));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }
}
