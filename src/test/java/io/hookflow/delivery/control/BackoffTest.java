package io.hookflow.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff tenSeconds = Backoff.ofSeconds(10);

    @Test
    void theWaitDoublesWithEachRetryStartingFromTheBase() {
        assertThat(tenSeconds.beforeRetry(1, Optional.empty(), 0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(tenSeconds.beforeRetry(2, Optional.empty(), 0)).isEqualTo(Duration.ofSeconds(20));
        assertThat(tenSeconds.beforeRetry(3, Optional.empty(), 0)).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void jitterOnlyAddsAndAtMostAFifth() {
        assertThat(tenSeconds.beforeRetry(2, Optional.empty(), 0.999)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(24));
        assertThat(tenSeconds.beforeRetry(2, Optional.empty(), 0.5)).isEqualTo(Duration.ofSeconds(22));
    }

    @Test
    void noWaitExceedsThirtyMinutesWhateverTheRetryOrJitter() {
        Backoff big = Backoff.ofSeconds(300);
        assertThat(big.beforeRetry(4, Optional.empty(), 0)).isEqualTo(Duration.ofMinutes(30)); // 40 min uncapped
        assertThat(big.beforeRetry(3, Optional.empty(), 0.99)).isEqualTo(Duration.ofMinutes(20).plusMillis(237_600)); // 20 min + 19.8 %
        assertThat(big.beforeRetry(63, Optional.empty(), 0.99)).isEqualTo(Duration.ofMinutes(30));
        assertThat(big.beforeRetry(1000, Optional.empty(), 0.99)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aLongerRetryAfterIsHonouredAShorterOneDoesNotShortenTheBackoff() {
        assertThat(tenSeconds.beforeRetry(1, Optional.of(Duration.ofSeconds(90)), 0)).isEqualTo(Duration.ofSeconds(90));
        assertThat(tenSeconds.beforeRetry(1, Optional.of(Duration.ofSeconds(3)), 0)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void retryAfterIsHonouredOnlyWithinTheCap() {
        assertThat(tenSeconds.beforeRetry(1, Optional.of(Duration.ofHours(5)), 0)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(RetryAfter.parse("120", now)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 7 ", now)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("Wed, 01 Jan 2025 00:01:30 GMT", now)).contains(Duration.ofSeconds(90));
        assertThat(RetryAfter.parse("Tue, 31 Dec 2024 23:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", now)).isEmpty();
        assertThat(RetryAfter.parse("-5", now)).isEmpty();
        assertThat(RetryAfter.parse("99999999999999999999999", now)).isPresent();
    }

    @Test
    void anAbsurdRetryAfterWaitsTheCapAndOverflowsNothing() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        var asked = RetryAfter.parse("9300000000000000", now);

        assertThat(asked).contains(RetryAfter.LONGEST);
        assertThat(tenSeconds.beforeRetry(1, asked, 0)).isEqualTo(Backoff.CAP);
        assertThat(tenSeconds.beforeRetry(1, Optional.of(Duration.ofSeconds(Long.MAX_VALUE)), 0)).isEqualTo(Backoff.CAP);
    }

    @Test
    void flowStepsAndWebhooksShareOneBackoffWithJitterWithinTheCap() {
        var steps = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

        assertThat(steps.beforeRetry(1, Optional.empty(), 0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(steps.beforeRetry(2, Optional.empty(), 0.999)).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2400));
        assertThat(steps.beforeRetry(10, Optional.empty(), 0.999)).isEqualTo(Duration.ofSeconds(30));
        assertThat(steps.beforeRetry(1, Optional.of(Duration.ofSeconds(7)), 0)).isEqualTo(Duration.ofSeconds(7));
    }
}
