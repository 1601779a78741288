package io.hookflow.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ClaimStatisticsTest {

    private static final Instant NOW = Instant.parse("2026-12-05T09:00:00Z");
    private static final Duration SLOW = ClaimStatistics.SLOW_CLAIM;

    private final ClaimStatistics statistics = new ClaimStatistics();

    @Test
    void aSlowClaimHasItsTableAnalyzed() {
        assertThat(statistics.refreshDue("event_records", SLOW, NOW)).isTrue();
    }

    @Test
    void aQuickClaimLeavesTheStatisticsAlone() {
        assertThat(statistics.refreshDue("event_records", SLOW.minusMillis(1), NOW)).isFalse();
    }

    @Test
    void slowClaimsWithinAMinuteAnalyzeTheTableOnce() {
        statistics.refreshDue("event_records", SLOW, NOW);

        assertThat(statistics.refreshDue("event_records", SLOW.multipliedBy(5), NOW.plusSeconds(59))).isFalse();
        assertThat(statistics.refreshDue("event_records", SLOW, NOW.plus(ClaimStatistics.AT_MOST_EVERY))).isTrue();
    }

    @Test
    void eachTableHasItsOwnMinute() {
        statistics.refreshDue("event_records", SLOW, NOW);

        assertThat(statistics.refreshDue("flow_step_runs", SLOW, NOW.plusSeconds(1))).isTrue();
    }

    @Test
    void aQuickClaimDoesNotUseUpTheMinute() {
        statistics.refreshDue("event_records", Duration.ofMillis(1), NOW);

        assertThat(statistics.refreshDue("event_records", SLOW, NOW.plusSeconds(1))).isTrue();
    }
}
