package io.hookflow.delivery.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class PacingTest {

    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

    @Test
    void theBucketGivesAtMostOneSecondsWorthAndThenHoldsUntilTheNextToken() {
        var state = new Pacing();

        assertThat(state.take(5, 100, T0)).isEqualTo(5);
        assertThat(state.heldUntil()).isEqualTo(T0.plusMillis(200));
        assertThat(state.take(5, 100, T0.plusMillis(100))).isZero();
        assertThat(state.take(5, 100, T0.plusMillis(1100))).isEqualTo(5);
        assertThat(state.take(5, 100, T0.plusSeconds(60))).isEqualTo(5);
    }

    @Test
    void tokensNotWantedStayInTheBucket() {
        var state = new Pacing();

        assertThat(state.take(10, 3, T0)).isEqualTo(3);
        assertThat(state.take(10, 100, T0)).isEqualTo(7);
    }

    @Test
    void theBreakerNeedsBothTheCountAndTheSpan() {
        var state = new Pacing();
        state.recordTerminalFailure(T0);
        state.recordTerminalFailure(T0.plusSeconds(10));
        state.recordTerminalFailure(T0.plusSeconds(20));

        assertThat(state.failingFor(3, Duration.ofSeconds(20), T0.plusSeconds(20))).isTrue();
        assertThat(state.failingFor(3, Duration.ofSeconds(21), T0.plusSeconds(20))).isFalse();
        assertThat(state.failingFor(4, Duration.ZERO, T0.plusSeconds(20))).isFalse();
    }

    @Test
    void aSuccessResetsTheCount() {
        var state = new Pacing();
        state.recordTerminalFailure(T0);
        state.recordTerminalFailure(T0);
        state.recordSuccess();
        state.recordTerminalFailure(T0.plusSeconds(5));

        assertThat(state.consecutiveFailures()).isEqualTo(1);
        assertThat(state.failingSince()).isEqualTo(T0.plusSeconds(5));
    }
}
