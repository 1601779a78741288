package io.hookflow.delivery.control;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What the engine reports at {@code GET /metrics} (Prometheus text), per kind of work ({@code kind="webhook"},
 * {@code kind="flow_step"}): {@code hookflow_delivery_attempts_total{kind,outcome}},
 * {@code hookflow_delivery_attempt_latency_seconds{kind}}, {@code hookflow_delivery_queue_depth{kind}} (items not
 * finished), {@code hookflow_delivery_due_lag_seconds{kind}} (how long the oldest due item nobody holds has waited)
 * and {@code hookflow_delivery_in_flight{kind}} ({@code kind="all"}: the node's total). The backlog figures come
 * from a periodic query, not one per scrape.
 */
@ApplicationScoped
public class DeliveryMetrics {

    private static final String IN_FLIGHT = "hookflow.delivery.in.flight";
    private static final String IN_FLIGHT_DESCRIPTION = "Work this node has claimed and not booked yet";

    @Inject
    MeterRegistry registry;

    /** One kind of work's figures. */
    final class Kind {
        private final Map<Booked, Counter> outcomes = new EnumMap<>(Booked.class);
        private final Timer latency;
        private volatile long queueDepth;
        private volatile double dueLagSeconds;

        Kind(String kind, IntSupplier inFlight) {
            for (Booked booked : Booked.values()) {
                outcomes.put(booked, Counter.builder("hookflow.delivery.attempts")
                        .description("Attempts by kind of work and how they were booked")
                        .tag("kind", kind).tag("outcome", booked.name().toLowerCase(Locale.ROOT))
                        .register(registry));
            }
            latency = Timer.builder("hookflow.delivery.attempt.latency")
                    .description("Time from sending a request to its complete answer or failure")
                    .tag("kind", kind).register(registry);
            Gauge.builder("hookflow.delivery.queue.depth", this, k -> k.queueDepth)
                    .description("Work not finished yet (due now, scheduled or in flight)")
                    .tag("kind", kind).strongReference(true).register(registry);
            Gauge.builder("hookflow.delivery.due.lag", this, k -> k.dueLagSeconds).baseUnit("seconds")
                    .description("How long the oldest due item that no node holds has been waiting")
                    .tag("kind", kind).strongReference(true).register(registry);
            inFlightGauge(kind, inFlight);
        }

        void booked(Booked booked, DeliveryOutcome outcome) {
            outcomes.get(booked).increment();
            if (outcome != null) {
                latency.record(Duration.ofMillis(outcome.latencyMs()));
            }
        }

        void backlog(Backlog backlog, Instant now) {
            queueDepth = backlog.unfinished();
            dueLagSeconds = backlog.oldestDue().map(due -> Math.max(0, Duration.between(due, now).toMillis() / 1000.0)).orElse(0.0);
        }
    }

    Kind kind(String kind, IntSupplier inFlight) {
        return new Kind(kind, inFlight);
    }

    void inFlight(IntSupplier total) {
        inFlightGauge("all", total);
    }

    private void inFlightGauge(String kind, IntSupplier inFlight) {
        Gauge.builder(IN_FLIGHT, inFlight, IntSupplier::getAsInt).description(IN_FLIGHT_DESCRIPTION)
                .tag("kind", kind).strongReference(true).register(registry);
    }
}
