package dev.berth.runtime;

/** A container's state as the OCI runtime reports it, with Docker's names. */
public enum ContainerStatus {
    CREATED, RUNNING, PAUSED, EXITED;

    /** Docker's lowercase word: created, running, paused, exited. */
    public String dockerName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
