package dev.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ParallelTest {
    @Test
    @Timeout(10)
    void theNextTransferTakesTheSlotWhileTheLastOneFinishes() {
        CountDownLatch secondStarted = new CountDownLatch(1);
        AtomicInteger finishedWhileSecondRan = new AtomicInteger();
        Supplier<Runnable> first = () -> () -> {
            try {
                // one slot: the second transfer can only start if this step does not hold it
                if (secondStarted.await(5, TimeUnit.SECONDS)) {
                    finishedWhileSecondRan.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Supplier<Runnable> second = () -> {
            secondStarted.countDown();
            return () -> {};
        };
        Parallel.runFinishing(List.of(first, second), 1);
        assertThat(finishedWhileSecondRan).hasValue(1);
    }

    @Test
    void aFailingFinishIsThrown() {
        Supplier<Runnable> failing = () -> () -> {
            throw BerthException.invalid("layer 2 has the wrong diff id");
        };
        assertThatThrownBy(() -> Parallel.runFinishing(List.of(() -> () -> {}, failing), 2))
                .isInstanceOf(BerthException.class).hasMessageContaining("wrong diff id");
    }

    @Test
    void noMoreThanTheSlotsTransferAtOnce() {
        AtomicInteger moving = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Runnable transfer = () -> {
            most.accumulateAndGet(moving.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            moving.decrementAndGet();
        };
        Parallel.run(List.of(transfer, transfer, transfer, transfer, transfer), 2);
        assertThat(most.get()).isBetween(1, 2);
    }
}
