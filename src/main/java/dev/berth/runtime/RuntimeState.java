package dev.berth.runtime;

import java.util.Optional;

/**
 * What the runtime knows about one container right now.
 *
 * @param pid        the init process id on the host while it runs, else 0
 * @param exit       how it ended, once it has
 */
public record RuntimeState(String id, ContainerStatus status, int pid, Optional<ExitStatus> exit) {}
