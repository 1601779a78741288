package io.hookflow.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LanesTest {

    private static ClaimedDelivery delivery(String subscription) {
        var request = DeliveryRequest.jsonPost(URI.create("http://example.org/"), Map.of(), new byte[0], Duration.ofSeconds(1));
        return new ClaimedDelivery("r", subscription, null, 1, Instant.now(), request, 3, Backoff.ofSeconds(1));
    }

    private static void hold(Lanes lanes, String subscription, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(lanes.tryHold(subscription)).isTrue();
            lanes.enqueue(delivery(subscription));
        }
    }

    @Test
    void aSubscriptionSendsNoMoreThanItsShareAtOnce() {
        var lanes = new Lanes(100, 2, 8);
        hold(lanes, "s", 5);

        assertThat(lanes.startable("s")).hasSize(2);
        assertThat(lanes.startable("s")).isEmpty();
        lanes.answered("s");
        assertThat(lanes.startable("s")).hasSize(1);
    }

    @Test
    void aFullLaneIsLeftOutOfClaimsWhileOthersKeepGoing() {
        var lanes = new Lanes(100, 2, 4);
        hold(lanes, "slow", 4);

        assertThat(lanes.tryHold("slow")).isFalse();
        assertThat(lanes.busy()).containsExactly("slow");
        assertThat(lanes.tryHold("fast")).isTrue();

        lanes.startable("slow");
        lanes.answered("slow");
        assertThat(lanes.busy()).isEmpty();
    }

    @Test
    void theNodeBoundCountsRecordsUntilTheyAreBooked() {
        var lanes = new Lanes(3, 5, 5);
        hold(lanes, "a", 2);
        hold(lanes, "b", 1);
        assertThat(lanes.tryHold("c")).isFalse();

        lanes.startable("a").forEach(d -> lanes.answered("a"));
        assertThat(lanes.free()).isZero();
        lanes.booked();
        assertThat(lanes.free()).isEqualTo(1);
    }

    @Test
    void aFailedClaimGivesBackEveryHoldItTook() {
        var lanes = new Lanes(10, 2, 10);
        var gate = lanes.gate();
        gate.tryHold("a");
        gate.tryHold("a");
        gate.tryHold("b");
        assertThat(lanes.inFlight()).isEqualTo(3);

        gate.releaseAll();

        assertThat(lanes.inFlight()).isZero();
        assertThat(lanes.busy()).isEmpty();
        assertThat(lanes.tryHold("a")).isTrue();
    }
}
