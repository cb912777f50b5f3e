package dev.berth.image.registry;

import dev.berth.image.TransferListener;
import dev.berth.image.TransferListener.Step;
import java.util.function.LongConsumer;

/**
 * Reports a layer's bytes every {@link #STEP} and at its end: often enough for a live progress bar, rarely enough
 * to keep the API's progress stream small.
 */
final class LayerProgress implements LongConsumer {
    private static final long STEP = 512 * 1024;

    private final TransferListener listener;
    private final String id;
    private final Step step;
    private final long total;
    private long reported;

    LayerProgress(TransferListener listener, String id, Step step, long total) {
        this.listener = listener;
        this.id = id;
        this.step = step;
        this.total = total;
    }

    @Override
    public void accept(long position) {
        if (position - reported >= STEP || position == total) {
            reported = position;
            listener.layer(id, step, position, total);
        }
    }
}
