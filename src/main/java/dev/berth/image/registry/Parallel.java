package dev.berth.image.registry;

import dev.berth.common.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Runs blob transfers on virtual threads, a few at a time; the first failure cancels the others and is thrown. A
 * transfer may end with a step that moves no bytes (a download's disk sync), which runs after its slot went to
 * the next transfer, so the network and the disk work at once.
 */
final class Parallel {
    private Parallel() {}

    static void run(List<Runnable> tasks, int atOnce) {
        runFinishing(tasks.stream().<Supplier<Runnable>>map(task -> () -> {
            task.run();
            return () -> {};
        }).toList(), atOnce);
    }

    /** Runs each transfer in a slot, then the step it returns outside it. */
    static void runFinishing(List<Supplier<Runnable>> transfers, int atOnce) {
        Semaphore permits = new Semaphore(atOnce);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (Supplier<Runnable> transfer : transfers) {
                futures.add(executor.submit(() -> {
                    Runnable finish;
                    permits.acquire();
                    try {
                        finish = transfer.get();
                    } finally {
                        permits.release();
                    }
                    finish.run();
                    return null;
                }));
            }
            awaitAll(futures);
        }
    }

    private static void awaitAll(List<Future<?>> futures) {
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                futures.forEach(f -> f.cancel(true));
                throw e.getCause() instanceof RuntimeException r ? r : BerthException.internal(e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                futures.forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                throw BerthException.internal("interrupted while transferring blobs");
            }
        }
    }
}
