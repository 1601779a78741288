package io.hookflow.events.control;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Keeps the delta table of {@link EventCounts} short, so reading a total sums a few thousand rows at most.
 * Not persistent: a missed run only leaves more deltas for the next one, and totals stay exact meanwhile.
 */
@Singleton
public class EventCountFolding {

    private static final Logger LOG = Logger.getLogger(EventCountFolding.class.getName());

    @Inject
    EventCounts counts;

    @Inject
    DeliveryStats stats;

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // EventCounts runs its own transaction
    void fold() {
        try {
            counts.fold();
            stats.fold(); // the per-subscription stats rollup (issue 10), same scheme
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Folding event count deltas failed; the next run tries again", e);
        }
    }
}
