package io.hookflow.delivery.control;

import java.time.Duration;

import org.eclipse.microprofile.config.Config;

/**
 * The engine's knobs, all MicroProfile Config keys (environment: upper case, dots and dashes as underscores).
 *
 * @param lease             how long a claimed record is this node's; a node that dies leaves its records due again after it
 * @param maxInFlight       records this node has claimed and not yet booked, at most
 * @param perSubscription   requests open to one subscription's receiver at once, at most
 * @param claimBatch        records claimed per transaction, at most
 * @param shutdownGrace     how long a graceful stop waits for deliveries in flight before giving their leases back
 */
public record EngineSettings(Duration lease, int maxInFlight, int perSubscription, int claimBatch, Duration shutdownGrace) {

    public static final String LEASE_SECONDS = "hookflow.delivery.lease-seconds";
    public static final String MAX_IN_FLIGHT = "hookflow.delivery.max-in-flight";
    public static final String PER_SUBSCRIPTION = "hookflow.delivery.per-subscription-concurrency";
    public static final String CLAIM_BATCH = "hookflow.delivery.claim-batch";
    public static final String SHUTDOWN_GRACE_SECONDS = "hookflow.delivery.shutdown-grace-seconds";

    public EngineSettings {
        if (lease.toSeconds() < 1 || maxInFlight < 1 || perSubscription < 1 || claimBatch < 1 || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("delivery engine settings must be positive: " + lease + ", " + maxInFlight
                    + ", " + perSubscription + ", " + claimBatch + ", " + shutdownGrace);
        }
    }

    public static EngineSettings from(Config config) {
        return new EngineSettings(
                Duration.ofSeconds(config.getOptionalValue(LEASE_SECONDS, Integer.class).orElse(120)),
                config.getOptionalValue(MAX_IN_FLIGHT, Integer.class).orElse(512),
                config.getOptionalValue(PER_SUBSCRIPTION, Integer.class).orElse(32),
                config.getOptionalValue(CLAIM_BATCH, Integer.class).orElse(100),
                Duration.ofSeconds(config.getOptionalValue(SHUTDOWN_GRACE_SECONDS, Integer.class).orElse(10)));
    }
}
