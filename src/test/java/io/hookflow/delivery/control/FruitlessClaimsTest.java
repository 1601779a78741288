package io.hookflow.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FruitlessClaimsTest {

    private final FruitlessClaims fruitless = new FruitlessClaims();

    private void exhaustedLeavingOut(Set<String> lanes, Set<String> tenants) {
        fruitless.exhausted(lanes, tenants, fruitless.claiming());
    }

    @Test
    void nothingIsKnownBeforeAClaimCameBackExhausted() {
        assertThat(fruitless.known(Set.of(), Set.of())).isFalse();
        assertThat(fruitless.known(Set.of("a"), Set.of("t"))).isFalse();
    }

    @Test
    void aClaimLeavingOutAtLeastTheSameLanesAndTenantsIsKnownToFindNothing() {
        exhaustedLeavingOut(Set.of("a"), Set.of("t"));

        assertThat(fruitless.known(Set.of("a"), Set.of("t"))).isTrue();
        assertThat(fruitless.known(Set.of("a", "b"), Set.of("t", "u"))).isTrue();
    }

    @Test
    void aClaimLeavingOutFewerLanesOrTenantsMustAskTheDatabase() {
        exhaustedLeavingOut(Set.of("a", "b"), Set.of("t"));

        assertThat(fruitless.known(Set.of("a"), Set.of("t"))).as("lane b has room again").isFalse();
        assertThat(fruitless.known(Set.of("a", "b"), Set.of())).as("tenant t has room again").isFalse();
    }

    @Test
    void newWorkOrTheTickForgetsTheAnswer() {
        exhaustedLeavingOut(Set.of("a"), Set.of());

        fruitless.changed();

        assertThat(fruitless.known(Set.of("a"), Set.of())).isFalse();
    }

    @Test
    void bookingsInTheLanesLeftOutKeepTheAnswer() {
        exhaustedLeavingOut(Set.of("a"), Set.of());

        fruitless.booked(Set.of("a"));

        assertThat(fruitless.known(Set.of("a"), Set.of())).isTrue();
    }

    @Test
    void aBookingInAnotherLaneForgetsTheAnswer() {
        exhaustedLeavingOut(Set.of("a"), Set.of());

        fruitless.booked(List.of("a", "ordered"));

        assertThat(fruitless.known(Set.of("a"), Set.of())).as("the next record of 'ordered' may be due").isFalse();
    }

    @Test
    void aChangeWhileTheClaimRanIsNotCoveredByItsAnswer() {
        long seen = fruitless.claiming();
        fruitless.changed();
        fruitless.exhausted(Set.of("a"), Set.of(), seen);

        assertThat(fruitless.known(Set.of("a"), Set.of())).isFalse();
    }

    @Test
    void aBookingWhileTheClaimRanInALaneItDidNotLeaveOutIsNotCoveredByItsAnswer() {
        exhaustedLeavingOut(Set.of("a", "b"), Set.of());
        long seen = fruitless.claiming();
        // covered by the older answer, which left b out; the claim running now does not
        fruitless.booked(Set.of("b"));
        fruitless.exhausted(Set.of("a"), Set.of(), seen);

        assertThat(fruitless.known(Set.of("a"), Set.of())).isFalse();
    }
}
