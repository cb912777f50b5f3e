package dev.berth.orchestrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReservationsTest {
    private static final Reservations HOST = new Reservations(2_000_000_000L, 4L << 30);

    @Test
    void aReservationFitsOnlyWithinEveryCapacity() {
        Reservations half = new Reservations(1_000_000_000L, 1L << 30);
        assertThat(Reservations.NONE.fits(half, HOST)).isTrue();
        assertThat(half.fits(half, HOST)).isTrue();
        assertThat(half.times(2).fits(half, HOST)).as("CPUs run out first").isFalse();
        assertThat(Reservations.NONE.fits(new Reservations(0, 5L << 30), HOST)).as("memory").isFalse();
    }

    @Test
    void theHostHasItsCpusAndMemory() {
        Reservations host = Reservations.host();
        assertThat(host.nanoCpus()).isEqualTo(Runtime.getRuntime().availableProcessors() * 1_000_000_000L);
        assertThat(host.memoryBytes()).isGreaterThan(64L << 20);
        assertThat(host.describe()).contains("CPUs and").contains("MiB");
    }

    @Test
    void negativeReservationsAreRefused() {
        assertThatThrownBy(() -> new Reservations(-1, 0)).hasMessageContaining("must not be negative");
    }
}
