package dev.berth.engine;

import java.time.Instant;

/**
 * A snapshot of a VM's memory and disk, as stored.
 *
 * @param vm        the id of the VM (container) it was taken of
 * @param sizeBytes what its files take on disk
 */
public record VmSnapshot(String vm, String name, Instant created, long sizeBytes) {}
