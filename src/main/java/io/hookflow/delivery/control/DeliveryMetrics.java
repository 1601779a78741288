package io.hookflow.delivery.control;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * What the engine reports at {@code GET /metrics} (application scope, Prometheus text):
 * {@code hookflow_delivery_attempts_total{outcome=...}}, {@code hookflow_delivery_attempt_latency_seconds},
 * {@code hookflow_delivery_queue_depth} (records not finished), {@code hookflow_delivery_due_lag_seconds}
 * (how long the oldest due record nobody holds has waited) and {@code hookflow_delivery_in_flight}.
 * The backlog figures come from a periodic query, not one per scrape.
 */
@ApplicationScoped
public class DeliveryMetrics {

    @Inject
    MetricRegistry registry;

    private final Map<Booked, Counter> outcomes = new EnumMap<>(Booked.class);
    private Timer latency;
    private volatile long queueDepth;
    private volatile double dueLagSeconds;
    private volatile IntSupplier inFlight = () -> 0;

    @PostConstruct
    void register() {
        for (Booked booked : Booked.values()) {
            outcomes.put(booked, registry.counter(Metadata.builder().withName("hookflow.delivery.attempts")
                    .withDescription("Delivery attempts by how they were booked").build(),
                    new Tag("outcome", booked.name().toLowerCase(java.util.Locale.ROOT))));
        }
        latency = registry.timer(Metadata.builder().withName("hookflow.delivery.attempt.latency").withUnit(MetricUnits.NANOSECONDS)
                .withDescription("Time from sending a delivery to its complete answer or failure").build());
        registry.gauge(Metadata.builder().withName("hookflow.delivery.queue.depth")
                .withDescription("Event records not delivered or failed yet (due now, scheduled or in flight)").build(),
                this, m -> m.queueDepth);
        registry.gauge(Metadata.builder().withName("hookflow.delivery.due.lag").withUnit(MetricUnits.SECONDS)
                .withDescription("How long the oldest due record that no node holds has been waiting").build(),
                this, m -> m.dueLagSeconds);
        registry.gauge(Metadata.builder().withName("hookflow.delivery.in.flight")
                .withDescription("Deliveries this node has claimed and not booked yet").build(),
                this, m -> m.inFlight.getAsInt());
    }

    void attempt(CompletedAttempt attempt, Booked booked) {
        outcomes.get(booked).inc();
        if (attempt.sent()) {
            latency.update(Duration.ofMillis(attempt.outcome().latencyMs()));
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
