package io.hookflow.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class EngineHeartbeatTest {

    private static final Instant NOW = Instant.parse("2026-12-07T19:00:00Z");

    @Test
    void anEngineThatNeverStartedIsNotHealthy() {
        var heartbeat = new EngineHeartbeat();

        assertThat(heartbeat.status().running()).isFalse();
        assertThat(heartbeat.status().healthy(NOW)).isFalse();
    }

    @Test
    void readsTheEnginesStatusAnewOnEveryCall() {
        var heartbeat = new EngineHeartbeat();
        var current = new AtomicReference<>(new DeliveryEngine.Status("node-1", true, NOW, 3));
        heartbeat.readFrom(current::get);

        assertThat(heartbeat.status().healthy(NOW)).isTrue();
        assertThat(heartbeat.status().inFlight()).isEqualTo(3);

        current.set(new DeliveryEngine.Status("node-1", true, NOW.minus(DeliveryEngine.STALLED_AFTER), 0));
        assertThat(heartbeat.status().healthy(NOW)).isFalse();
    }
}
