package io.hookflow.events.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.hookflow.platform.control.TimeWindow;
import org.junit.jupiter.api.Test;

class StatsTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:34:56Z");

    @Test
    void theDefaultWindowIsTheLastDayInHourlyBuckets() {
        var window = StatsWindow.of(TimeWindow.ALWAYS, NOW);

        assertThat(window.end()).isEqualTo(Instant.parse("2026-11-30T12:35:00Z"));
        assertThat(window.start()).isEqualTo(Instant.parse("2026-11-29T12:35:00Z"));
        assertThat(window.bucket()).isEqualTo(Duration.ofHours(1));
        assertThat(window.buckets()).isEqualTo(24);
    }

    @Test
    void anHourIsCountedPerMinute() {
        var window = StatsWindow.of(new TimeWindow(Optional.of(Instant.parse("2026-11-30T11:00:00Z")),
                Optional.of(Instant.parse("2026-11-30T12:00:00Z"))), NOW);

        assertThat(window.bucket()).isEqualTo(Duration.ofMinutes(1));
        assertThat(window.buckets()).isEqualTo(60);
    }

    @Test
    void figuresAddUpAndPercentilesComeFromTheHistogram() {
        var window = StatsWindow.of(TimeWindow.ALWAYS, NOW);
        var tally = new SubscriptionStats.Tally(window);
        tally.add(0, "DELIVERED", 3);
        tally.add(23, "FAILED", 1);
        tally.add(5, "PENDING", 2);
        for (long ms = 1; ms <= 100; ms++) {
            tally.add(-1, "L" + SubscriptionStats.latencyBucket(ms), 1);
        }

        var stats = tally.result("s");

        assertThat(stats.delivered()).isEqualTo(3);
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.pending()).isEqualTo(2);
        assertThat(stats.successRate()).isEqualTo(0.75);
        assertThat(stats.series()).hasSize(24);
        assertThat(stats.series().get(23).failed()).isEqualTo(1);
        assertThat(stats.latencyMs().p50()).isBetween(44L, 57L);
        assertThat(stats.latencyMs().p95()).isBetween(84L, 108L);
    }

    @Test
    void noAttemptsMeansNoPercentilesAndNoRate() {
        var stats = new SubscriptionStats.Tally(StatsWindow.of(TimeWindow.ALWAYS, NOW)).result("s");

        assertThat(stats.latencyMs().p50()).isNull();
        assertThat(stats.successRate()).isNull();
    }
}
