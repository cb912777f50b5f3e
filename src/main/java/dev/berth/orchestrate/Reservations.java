package dev.berth.orchestrate;

import dev.berth.common.BerthException;
import dev.berth.common.HostMemory;

/**
 * What replicas reserve of the host ({@code deploy.resources.reservations}) and what the host has: as swarm's
 * scheduler does on each node, a replica whose reservation does not fit beside the live ones' stays pending
 * until capacity frees up, and the service says why.
 *
 * @param nanoCpus    CPUs in billionths
 * @param memoryBytes memory
 */
public record Reservations(long nanoCpus, long memoryBytes) {
    public static final Reservations NONE = new Reservations(0, 0);

    public Reservations {
        if (nanoCpus < 0 || memoryBytes < 0) {
            throw BerthException.invalid("reservations must not be negative");
        }
    }

    /** The whole host: its CPUs and its memory (/proc/meminfo). */
    public static Reservations host() {
        long memory = HostMemory.totalBytes()
                .orElseThrow(() -> BerthException.internal("cannot read the host's memory size from /proc/meminfo"));
        return new Reservations(Runtime.getRuntime().availableProcessors() * 1_000_000_000L, memory);
    }

    public Reservations plus(Reservations other) {
        return new Reservations(nanoCpus + other.nanoCpus, memoryBytes + other.memoryBytes);
    }

    public Reservations times(long n) {
        return new Reservations(nanoCpus * n, memoryBytes * n);
    }

    /** Whether {@code this} much reserved already leaves room for {@code more} within {@code capacity}. */
    public boolean fits(Reservations more, Reservations capacity) {
        return nanoCpus + more.nanoCpus <= capacity.nanoCpus && memoryBytes + more.memoryBytes <= capacity.memoryBytes;
    }

    /** "2 CPUs and 512 MiB" for messages. */
    public String describe() {
        return "%.2f CPUs and %d MiB".formatted(nanoCpus / 1e9, memoryBytes >> 20);
    }
}
