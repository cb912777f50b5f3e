package dev.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.image.RemoteRef;
import dev.berth.image.TransferListener;
import dev.berth.image.TransferListener.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LayerProgressTest {
    private static final long KIB = 1024;
    private static final long MS = 1_000_000;

    private final AtomicLong now = new AtomicLong(5 * MS);
    private final List<Long> reported = new ArrayList<>();
    private final LayerProgress progress = new LayerProgress(new TransferListener() {
        @Override
        public void started(RemoteRef ref) {}

        @Override
        public void layer(String id, Step step, long current, long total) {
            reported.add(current);
        }
    }, "abc", Step.DOWNLOADING, 4096 * KIB, now::get);

    @Test
    void theFirstStepIsReportedAtOnceThenAtMostTenTimesASecond() {
        progress.accept(600 * KIB);
        progress.accept(1200 * KIB); // a step further, but only 0 ms later
        now.addAndGet(99 * MS);
        progress.accept(1300 * KIB);
        now.addAndGet(MS);
        progress.accept(1400 * KIB);
        assertThat(reported).containsExactly(600 * KIB, 1400 * KIB);
    }

    @Test
    void lessThanAStepIsNotReportedHoweverLongItTook() {
        progress.accept(600 * KIB);
        now.addAndGet(10_000 * MS);
        progress.accept(1000 * KIB);
        assertThat(reported).containsExactly(600 * KIB);
    }

    @Test
    void theEndIsAlwaysReported() {
        progress.accept(600 * KIB);
        progress.accept(4096 * KIB);
        assertThat(reported).containsExactly(600 * KIB, 4096 * KIB);
    }
}
