package io.hookflow.delivery.control;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * What the engine reports at {@code GET /metrics} (application scope, Prometheus text), per kind of work
 * ({@code kind="webhook"}, {@code kind="flow_step"}): {@code hookflow_delivery_attempts_total{kind,outcome}},
 * {@code hookflow_delivery_attempt_latency_seconds{kind}}, {@code hookflow_delivery_queue_depth{kind}} (items not
 * finished), {@code hookflow_delivery_due_lag_seconds{kind}} (how long the oldest due item nobody holds has waited)
 * and {@code hookflow_delivery_in_flight{kind}} ({@code kind="all"}: the node's
 * total). The backlog figures come from a periodic query, not one per scrape.
 */
@ApplicationScoped
public class DeliveryMetrics {

    private static final Metadata ATTEMPTS = Metadata.builder().withName("hookflow.delivery.attempts")
            .withDescription("Attempts by kind of work and how they were booked").build();
    private static final Metadata LATENCY = Metadata.builder().withName("hookflow.delivery.attempt.latency")
            .withUnit(MetricUnits.NANOSECONDS).withDescription("Time from sending a request to its complete answer or failure").build();
    private static final Metadata QUEUE_DEPTH = Metadata.builder().withName("hookflow.delivery.queue.depth")
            .withDescription("Work not finished yet (due now, scheduled or in flight)").build();
    private static final Metadata DUE_LAG = Metadata.builder().withName("hookflow.delivery.due.lag").withUnit(MetricUnits.SECONDS)
            .withDescription("How long the oldest due item that no node holds has been waiting").build();
    private static final Metadata IN_FLIGHT = Metadata.builder().withName("hookflow.delivery.in.flight")
            .withDescription("Work this node has claimed and not booked yet").build();

    @Inject
    MetricRegistry registry;

    /** One kind of work's figures. */
    final class Kind {
        private final Map<Booked, Counter> outcomes = new EnumMap<>(Booked.class);
        private final Timer latency;
        private volatile long queueDepth;
        private volatile double dueLagSeconds;

        Kind(String kind, IntSupplier inFlight) {
            Tag tag = new Tag("kind", kind);
            for (Booked booked : Booked.values()) {
                outcomes.put(booked, registry.counter(ATTEMPTS, tag, new Tag("outcome", booked.name().toLowerCase(Locale.ROOT))));
            }
            latency = registry.timer(LATENCY, tag);
            registry.gauge(QUEUE_DEPTH, this, k -> k.queueDepth, tag);
            registry.gauge(DUE_LAG, this, k -> k.dueLagSeconds, tag);
            registry.gauge(IN_FLIGHT, inFlight, IntSupplier::getAsInt, tag);
        }

        void booked(Booked booked, DeliveryOutcome outcome) {
            outcomes.get(booked).inc();
            if (outcome != null) {
                latency.update(Duration.ofMillis(outcome.latencyMs()));
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
        registry.gauge(IN_FLIGHT, total, IntSupplier::getAsInt, new Tag("kind", "all"));
    }
}
