package dev.berth.image.registry;

import dev.berth.common.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/** Runs blob transfers on virtual threads, a few at a time; the first failure cancels the others and is thrown. */
final class Parallel {
    private Parallel() {}

    static void run(List<Runnable> tasks, int atOnce) {
        Semaphore permits = new Semaphore(atOnce);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable task : tasks) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        task.run();
                    } finally {
                        permits.release();
                    }
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
