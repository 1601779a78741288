package io.hookflow.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlotsTest {

    @Test
    void aSubscriptionGetsNoMoreThanItsShareAndOthersKeepGoing() {
        var slots = new Slots(10, 2);
        assertThat(slots.tryAcquire("slow")).isTrue();
        assertThat(slots.tryAcquire("slow")).isTrue();
        assertThat(slots.tryAcquire("slow")).isFalse();
        assertThat(slots.busy()).containsExactly("slow");
        assertThat(slots.tryAcquire("fast")).isTrue();
        assertThat(slots.inFlight()).isEqualTo(3);
        assertThat(slots.free()).isEqualTo(7);

        slots.release("slow");
        assertThat(slots.busy()).isEmpty();
        assertThat(slots.tryAcquire("slow")).isTrue();
    }

    @Test
    void theNodeBoundHoldsAcrossSubscriptions() {
        var slots = new Slots(3, 5);
        assertThat(slots.tryAcquire("a")).isTrue();
        assertThat(slots.tryAcquire("b")).isTrue();
        assertThat(slots.tryAcquire("c")).isTrue();
        assertThat(slots.tryAcquire("d")).isFalse();
        assertThat(slots.free()).isZero();
    }

    @Test
    void aFailedClaimGivesBackEverySlotItTook() {
        var slots = new Slots(10, 10);
        var gate = slots.gate();
        gate.tryAcquire("a");
        gate.tryAcquire("a");
        gate.tryAcquire("b");
        assertThat(slots.inFlight()).isEqualTo(3);
        gate.releaseAll();
        assertThat(slots.inFlight()).isZero();
        assertThat(slots.busy()).isEmpty();
    }
}
