package dev.berth.orchestrate.balancer;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backends new connections may go to, replaced as a whole, and the choice among them. Safe for any number of
 * forwarding loops: the set is an immutable list behind a volatile, the turn an atomic counter.
 */
final class BackendPool {
    private final Strategy strategy;
    private final AtomicLong turns = new AtomicLong();
    private volatile List<BackendState> members = List.of();

    BackendPool(Strategy strategy) {
        this.strategy = strategy;
    }

    void replace(List<BackendState> next) {
        members = List.copyOf(next);
    }

    List<BackendState> members() {
        return members;
    }

    /** Whether a backend not in {@code tried} is left to fail over to. */
    boolean untriedLeft(List<BackendState> tried) {
        return members.stream().anyMatch(member -> !tried.contains(member));
    }

    /**
     * Chooses a backend not in {@code tried}, passing over suspect ones (a recent connect failure) unless only they
     * are left, and counts the connection on it: the caller releases it when the attempt fails or the connection
     * ends. Empty when every backend was tried or none is set.
     */
    Optional<BackendState> reserve(List<BackendState> tried) {
        List<BackendState> current = members;
        int size = current.size();
        if (size == 0) {
            return Optional.empty();
        }
        int start = (int) Math.floorMod(turns.getAndIncrement(), (long) size);
        long now = System.nanoTime();
        BackendState chosen = null;
        boolean chosenSuspect = true;
        for (int i = 0; i < size; i++) {
            BackendState candidate = current.get((start + i) % size);
            if (tried.contains(candidate)) {
                continue;
            }
            boolean suspect = candidate.suspect(now);
            boolean better = chosen == null || chosenSuspect && !suspect || chosenSuspect == suspect && switch (strategy) {
                case ROUND_ROBIN -> false;
                case LEAST_CONNECTIONS -> candidate.active() < chosen.active();
            };
            if (better) {
                chosen = candidate;
                chosenSuspect = suspect;
            }
        }
        if (chosen != null) {
            chosen.reserve();
        }
        return Optional.ofNullable(chosen);
    }
}
