package io.hookflow.delivery.control;

import java.time.Duration;

import org.eclipse.microprofile.config.Config;

/**
 * The engine's knobs, all MicroProfile Config keys (environment: upper case, dots and dashes as underscores).
 *
 * @param lease           how long claimed work is this node's at least (stretched to outlast each request's timeout,
 *                        see {@link LeaseTerms}); a node that dies leaves its work due again after it
 * @param maxInFlight     items this node has claimed and not yet booked, at most
 * @param perSubscription requests open in one lane (a subscription's receiver, a flow) at once, at most
 * @param perTenant       items one tenant (team, company) may hold on this node at once, at most
 * @param claimBatch      items claimed per transaction, at most
 * @param shutdownGrace   how long a graceful stop waits for work in flight before giving its leases back
 */
public record EngineSettings(Duration lease, int maxInFlight, int perSubscription, int perTenant, int claimBatch,
                             Duration shutdownGrace) {

    public static final String LEASE_SECONDS = "hookflow.delivery.lease-seconds";
    public static final String MAX_IN_FLIGHT = "hookflow.delivery.max-in-flight";
    public static final String PER_SUBSCRIPTION = "hookflow.delivery.per-subscription-concurrency";
    public static final String PER_TENANT = "hookflow.delivery.per-tenant-in-flight";
    public static final String CLAIM_BATCH = "hookflow.delivery.claim-batch";
    public static final String SHUTDOWN_GRACE_SECONDS = "hookflow.delivery.shutdown-grace-seconds";
    /** A lane may claim this many times its concurrency ahead: queued here, ready when a request ends. */
    static final int HOLD_PER_SENDING_SLOT = 4;

    public EngineSettings {
        if (lease.toSeconds() < 1 || maxInFlight < 1 || perSubscription < 1 || perTenant < perSubscription || claimBatch < 1
                || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("delivery engine settings must be positive (and " + PER_TENANT + " at least "
                    + PER_SUBSCRIPTION + "): " + lease + ", " + maxInFlight + ", " + perSubscription + ", " + perTenant + ", "
                    + claimBatch + ", " + shutdownGrace);
        }
    }

    public static EngineSettings from(Config config) {
        int maxInFlight = config.getOptionalValue(MAX_IN_FLIGHT, Integer.class).orElse(512);
        int perSubscription = config.getOptionalValue(PER_SUBSCRIPTION, Integer.class).orElse(32);
        return new EngineSettings(
                Duration.ofSeconds(config.getOptionalValue(LEASE_SECONDS, Integer.class).orElse(120)),
                maxInFlight,
                perSubscription,
                config.getOptionalValue(PER_TENANT, Integer.class).orElse(Math.max(perSubscription, maxInFlight / 4)),
                config.getOptionalValue(CLAIM_BATCH, Integer.class).orElse(100),
                Duration.ofSeconds(config.getOptionalValue(SHUTDOWN_GRACE_SECONDS, Integer.class).orElse(10)));
    }

    /** A tenant's share: so that one tenant's slow receivers leave room for the others. */
    int holdPerTenant() {
        return perTenant;
    }

    /** A lane holds a few sends ahead, but at most half its tenant's share, so its siblings get the rest. */
    int holdPerLane() {
        return Math.max(perSubscription, Math.min(perSubscription * HOLD_PER_SENDING_SLOT, perTenant / 2));
    }
}
