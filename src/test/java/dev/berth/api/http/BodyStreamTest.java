package dev.berth.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BodyStreamTest {
    private static final int CHUNK = 1024;

    @Test
    void aReaderThatDrainsWhileTheEventLoopPausesStillGetsReadingSwitchedBackOn() throws Exception {
        AtomicBoolean channelReads = new AtomicBoolean(true);
        CountDownLatch pausing = new CountDownLatch(1);
        CountDownLatch drained = new CountDownLatch(1);
        BodyStream body = new BodyStream(on -> {
            if (!on) { // the event loop decided to pause; the reader may drain the queue before the switch lands
                pausing.countDown();
                awaitQuietly(drained);
            }
            channelReads.set(on);
        });
        AtomicLong read = new AtomicLong();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                pausing.await();
                byte[] buf = new byte[CHUNK];
                for (int n; (n = body.read(buf, 0, buf.length)) > 0; ) {
                    if (read.addAndGet(n) == 65L * CHUNK) {
                        drained.countDown();
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 65; i++) { // one past the high-water mark: the last offer pauses the channel
            body.offer(Unpooled.wrappedBuffer(new byte[CHUNK]));
        }
        Instant deadline = Instant.now().plusSeconds(5);
        while (!(read.get() == 65L * CHUNK && channelReads.get()) && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofMillis(10));
        }
        assertThat(read.get()).isEqualTo(65L * CHUNK);
        assertThat(channelReads.get()).as("the drained reader switched reading back on, after the pause landed").isTrue();
        body.end();
        reader.join();
    }

    /** At most 300 ms: with the fix the reader cannot drain before the switch has landed. */
    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(300, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
