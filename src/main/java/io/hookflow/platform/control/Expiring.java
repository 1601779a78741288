package io.hookflow.platform.control;

import java.time.Instant;

/**
 * History a feature deletes once it is older than the retention period ({@link RetentionTimer}). Each call is
 * one short transaction, skipping rows that are in use.
 */
public interface Expiring {

    /**
     * Deletes one batch of what was created before {@code cutoff}: at most {@code max} finished items with what
     * belongs to them (attempts, runs); returns how many items went.
     */
    int deleteOlderThan(Instant cutoff, Instant now, int max);
}
