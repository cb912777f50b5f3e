package dev.berth.orchestrate;

/** Docker's {@code UpdateStatus.State} of a service, plus {@code NONE} before its first update. */
public enum RolloutState {
    NONE, UPDATING, PAUSED, COMPLETED, ROLLBACK_STARTED, ROLLBACK_PAUSED, ROLLBACK_COMPLETED;

    /** Whether replicas of another version are being replaced now. */
    public boolean rolling() {
        return this == UPDATING || this == ROLLBACK_STARTED;
    }

    public boolean rollingBack() {
        return this == ROLLBACK_STARTED || this == ROLLBACK_PAUSED || this == ROLLBACK_COMPLETED;
    }

    /** As Docker spells it: {@code rollback_started}. */
    public String dockerName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
