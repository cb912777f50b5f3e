package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutputReadersTest {
    private static final Duration LONG = Duration.ofMinutes(5);

    @Test
    void aRemovalWaitsForTheLastReaderAndNoLonger() throws Exception {
        OutputReaders readers = new OutputReaders();
        AutoCloseable first = readers.hold("c1");
        AutoCloseable second = readers.hold("c1");
        CompletableFuture<Void> removal = CompletableFuture.runAsync(() -> readers.awaitNone("c1", LONG));

        first.close();
        Thread.sleep(50);
        assertThat(removal).as("one reader is still streaming").isNotDone();
        second.close();

        removal.get(10, TimeUnit.SECONDS);
    }

    @Test
    void readersOfOtherContainersDoNotHoldARemoval() throws Exception {
        OutputReaders readers = new OutputReaders();
        readers.hold("other");

        CompletableFuture.runAsync(() -> readers.awaitNone("c1", LONG)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aReaderThatNeverLetsGoHoldsTheRemovalOnlyUntilTheDeadline() {
        OutputReaders readers = new OutputReaders();
        readers.hold("c1");
        long start = System.nanoTime();

        readers.awaitNone("c1", Duration.ofMillis(50));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(50), Duration.ofSeconds(10));
    }
}
