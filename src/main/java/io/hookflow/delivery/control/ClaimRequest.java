package io.hookflow.delivery.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What the engine asks of a {@link WorkSource} when it claims: up to {@code max} due rows for {@code owner}.
 * Rows of a busy lane or tenant should be left out of the query itself (so that a flooding tenant's backlog does
 * not fill the page), and every row taken must first get a slot ({@link #takeSlot}); a row that gets none stays
 * due. A feature's own conditions (a circuit breaker, a rate limit, ordering) go into its claim query the same way.
 */
public record ClaimRequest(String owner, Instant now, LeaseTerms lease, int max, Set<String> busyLanes,
                           Set<String> busyTenants, Slots slots) {

    /** The engine's bounds, asked per row. */
    @FunctionalInterface
    public interface Slots {
        boolean take(String tenant, String lane);
    }

    public ClaimRequest {
        busyLanes = Set.copyOf(busyLanes);
        busyTenants = Set.copyOf(busyTenants);
    }

    public boolean takeSlot(String tenant, String lane) {
        return !busyLanes.contains(lane) && !busyTenants.contains(tenant) && slots.take(tenant, lane);
    }

    /** Until when a row whose request may take {@code timeout} is held (see {@link LeaseTerms#until}). */
    public Instant leaseUntil(Duration timeout) {
        return lease.until(now, timeout);
    }
}
