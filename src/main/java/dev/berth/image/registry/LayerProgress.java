package dev.berth.image.registry;

import dev.berth.image.TransferListener;
import dev.berth.image.TransferListener.Step;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Reports a layer's bytes every {@link #STEP}, at most every {@link #INTERVAL_NANOS} (as dockerd's progress reader
 * does), and at its end: often enough for a live progress bar, rarely enough to keep the API's progress stream
 * small when a local registry sends hundreds of MiB a second.
 */
final class LayerProgress implements LongConsumer {
    private static final long STEP = 512 * 1024;
    private static final long INTERVAL_NANOS = 100_000_000;

    private final TransferListener listener;
    private final String id;
    private final Step step;
    private final long total;
    private final LongSupplier nanoTime;
    private long reported;
    private long reportedAt;

    LayerProgress(TransferListener listener, String id, Step step, long total) {
        this(listener, id, step, total, System::nanoTime);
    }

    LayerProgress(TransferListener listener, String id, Step step, long total, LongSupplier nanoTime) {
        this.listener = listener;
        this.id = id;
        this.step = step;
        this.total = total;
        this.nanoTime = nanoTime;
        this.reportedAt = nanoTime.getAsLong() - INTERVAL_NANOS; // the first step is reported at once
    }

    @Override
    public void accept(long position) {
        boolean due = position - reported >= STEP && nanoTime.getAsLong() - reportedAt >= INTERVAL_NANOS;
        if (due || position == total) {
            reported = position;
            reportedAt = nanoTime.getAsLong();
            listener.layer(id, step, position, total);
        }
    }
}
