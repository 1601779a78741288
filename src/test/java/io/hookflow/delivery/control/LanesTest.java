package io.hookflow.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class LanesTest {

    private record Work(String tenant, String lane) implements Lanes.Queued {
    }

    private static void hold(Lanes<Work> lanes, String tenant, String lane, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(lanes.tryHold(tenant, lane)).isTrue();
            lanes.enqueue(new Work(tenant, lane));
        }
    }

    private static void hold(Lanes<Work> lanes, String lane, int times) {
        hold(lanes, "t", lane, times);
    }

    @Test
    void aLaneSendsNoMoreThanItsShareAtOnce() {
        var lanes = new Lanes<Work>(100, 2, 8, 100);
        hold(lanes, "s", 5);

        List<Work> first = lanes.startable("s");
        assertThat(first).hasSize(2);
        assertThat(lanes.startable("s")).isEmpty();
        lanes.answered(first.get(0));
        assertThat(lanes.startable("s")).hasSize(1);
    }

    @Test
    void aFullLaneIsLeftOutOfClaimsWhileOthersKeepGoing() {
        var lanes = new Lanes<Work>(100, 2, 4, 100);
        hold(lanes, "slow", 4);

        assertThat(lanes.tryHold("t", "slow")).isFalse();
        assertThat(lanes.busyLanes()).containsExactly("slow");
        assertThat(lanes.tryHold("t", "fast")).isTrue();

        lanes.answered(lanes.startable("slow").get(0));
        assertThat(lanes.busyLanes()).isEmpty();
    }

    @Test
    void aLaneWithRoomForLessThanHalfItsSendsIsLeftOutOfClaimsUntilHalfIsFree() {
        var lanes = new Lanes<Work>(100, 4, 8, 100);
        hold(lanes, "backlog", 7);

        assertThat(lanes.busyLanes()).as("room for 1 of 4 sends").containsExactly("backlog");

        lanes.answered(lanes.startable("backlog").get(0));
        assertThat(lanes.busyLanes()).as("room for 2 of 4 sends").isEmpty();
    }

    @Test
    void aTenantWhoseShareIsTakenIsLeftOutWhileAnotherTenantStillGetsRoom() {
        var lanes = new Lanes<Work>(100, 2, 4, 6);
        hold(lanes, "flooding", "a", 4);
        hold(lanes, "flooding", "b", 2);

        assertThat(lanes.tryHold("flooding", "c")).isFalse();
        assertThat(lanes.busyTenants()).containsExactly("flooding");
        assertThat(lanes.tryHold("quiet", "d")).isTrue();

        lanes.answered(lanes.startable("a").get(0));
        assertThat(lanes.busyTenants()).isEmpty();
    }

    @Test
    void theNodeBoundCountsWorkUntilItIsBooked() {
        var lanes = new Lanes<Work>(3, 5, 5, 5);
        hold(lanes, "a", 2);
        hold(lanes, "b", 1);
        assertThat(lanes.tryHold("t", "c")).isFalse();

        lanes.startable("a").forEach(lanes::answered);
        assertThat(lanes.free()).isZero();
        lanes.booked();
        assertThat(lanes.free()).isEqualTo(1);
    }

    @Test
    void aNarrowLaneThatHoldsFarAheadWaitsForHalfItsRoomAheadBeforeItIsClaimedFor() {
        // 5 sends, 20 held: 15 ahead of the sends, so a claim waits until 7 of them are free
        var lanes = new Lanes<Work>(100, 5, 20, 100);
        hold(lanes, "backlog", 20);

        for (int answered = 1; answered <= 6; answered++) {
            lanes.answered(lanes.startable("backlog").get(0));
            assertThat(lanes.busyLanes()).as("room for %d", answered).containsExactly("backlog");
        }
        lanes.answered(lanes.startable("backlog").get(0));
        assertThat(lanes.busyLanes()).as("room for 7").isEmpty();
    }

    @Test
    void aFailedClaimGivesBackEveryHoldItTook() {
        var lanes = new Lanes<Work>(10, 2, 10, 10);
        var gate = lanes.gate();
        gate.take("t", "a");
        gate.take("t", "a");
        gate.take("u", "b");
        assertThat(lanes.inFlight()).isEqualTo(3);

        gate.releaseAll();

        assertThat(lanes.inFlight()).isZero();
        assertThat(lanes.busyLanes()).isEmpty();
        assertThat(lanes.busyTenants()).isEmpty();
        assertThat(lanes.tryHold("t", "a")).isTrue();
    }

    @Test
    void aClaimKeepsTheHoldsOfWhatItQueuedAndGivesBackTheRest() {
        var lanes = new Lanes<Work>(10, 2, 10, 10);
        var gate = lanes.gate();
        gate.take("t", "a");
        gate.take("t", "b");

        gate.keepFor(List.of(new Work("t", "a")));

        assertThat(lanes.inFlight()).isEqualTo(1);
    }
}
