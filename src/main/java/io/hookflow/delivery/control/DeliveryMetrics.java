package io.hookflow.delivery.control;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What the engine reports at {@code GET /metrics} (Prometheus text):
 * {@code hookflow_delivery_attempts_total{outcome=...}}, {@code hookflow_delivery_attempt_latency_seconds},
 * {@code hookflow_delivery_queue_depth} (records not finished), {@code hookflow_delivery_due_lag_seconds}
 * (how long the oldest due record nobody holds has waited) and {@code hookflow_delivery_in_flight}.
 * The backlog figures come from a periodic query, not one per scrape.
 */
@ApplicationScoped
public class DeliveryMetrics {

    @Inject
    MeterRegistry registry;

    private final Map<Booked, Counter> outcomes = new EnumMap<>(Booked.class);
    private Timer latency;
    private volatile long queueDepth;
    private volatile double dueLagSeconds;
    private volatile IntSupplier inFlight = () -> 0;

    @PostConstruct
    void register() {
        for (Booked booked : Booked.values()) {
            outcomes.put(booked, Counter.builder("hookflow.delivery.attempts")
                    .description("Delivery attempts by how they were booked")
                    .tag("outcome", booked.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry));
        }
        latency = Timer.builder("hookflow.delivery.attempt.latency")
                .description("Time from sending a delivery to its complete answer or failure")
                .register(registry);
        Gauge.builder("hookflow.delivery.queue.depth", this, m -> m.queueDepth)
                .description("Event records not delivered or failed yet (due now, scheduled or in flight)")
                .strongReference(true).register(registry);
        Gauge.builder("hookflow.delivery.due.lag", this, m -> m.dueLagSeconds).baseUnit("seconds")
                .description("How long the oldest due record that no node holds has been waiting")
                .strongReference(true).register(registry);
        Gauge.builder("hookflow.delivery.in.flight", this, m -> m.inFlight.getAsInt())
                .description("Deliveries this node has claimed and not booked yet")
                .strongReference(true).register(registry);
    }

    void attempt(CompletedAttempt attempt, Booked booked) {
        outcomes.get(booked).increment();
        if (attempt.sent()) {
            latency.record(Duration.ofMillis(attempt.outcome().latencyMs()));
        }
    }

    void backlog(EventDeliveries.Backlog backlog, Instant now) {
        queueDepth = backlog.unfinished();
        dueLagSeconds = backlog.oldestDue().map(due -> Math.max(0, Duration.between(due, now).toMillis() / 1000.0)).orElse(0.0);
    }

    void inFlight(IntSupplier supplier) {
        this.inFlight = supplier;
    }
}
