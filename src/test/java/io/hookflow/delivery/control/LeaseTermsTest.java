package io.hookflow.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LeaseTermsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void aLeaseShorterThanTheTimeoutIsStretchedToOutlastItByTheMargin() {
        var terms = new LeaseTerms(Duration.ofSeconds(5));

        assertThat(terms.until(NOW, Duration.ofSeconds(10))).isEqualTo(NOW.plus(Duration.ofSeconds(10)).plus(LeaseTerms.CLAIM_MARGIN));
    }

    @Test
    void aLeaseLongerThanTheTimeoutAndMarginIsKept() {
        var terms = new LeaseTerms(Duration.ofSeconds(120));

        assertThat(terms.until(NOW, Duration.ofSeconds(10))).isEqualTo(NOW.plusSeconds(120));
        assertThat(terms.until(NOW, null)).isEqualTo(NOW.plusSeconds(120));
    }

    @Test
    void workJustClaimedAlwaysLeavesRoomToSendWhateverTheSettings() {
        for (int leaseSeconds : new int[] {1, 5, 30, 35, 120}) {
            for (int timeoutSeconds : new int[] {1, 10, 60, 300}) {
                var terms = new LeaseTerms(Duration.ofSeconds(leaseSeconds));
                Duration timeout = Duration.ofSeconds(timeoutSeconds);
                Instant until = terms.until(NOW, timeout);

                // the engine never gives back work it just claimed, so it cannot claim it again in a loop
                assertThat(terms.leavesRoomToSend(NOW, timeout, until)).as("lease %d s, timeout %d s", leaseSeconds, timeoutSeconds).isTrue();
                assertThat(Duration.between(NOW, until)).isGreaterThanOrEqualTo(timeout.plus(LeaseTerms.CLAIM_MARGIN));
            }
        }
    }

    @Test
    void workThatWaitedInItsLaneUntilTheLeaseCannotCoverTheTimeoutIsNotSent() {
        var terms = new LeaseTerms(Duration.ofSeconds(5));
        Duration timeout = Duration.ofSeconds(10);
        Instant until = terms.until(NOW, timeout);
        Duration slack = LeaseTerms.CLAIM_MARGIN.minus(LeaseTerms.SEND_MARGIN);

        assertThat(terms.leavesRoomToSend(NOW.plus(slack), timeout, until)).isTrue();
        assertThat(terms.leavesRoomToSend(NOW.plus(slack).plusMillis(1), timeout, until)).isFalse();
    }
}
