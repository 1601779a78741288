package io.hookflow.platform.control;

import java.time.Instant;

/**
 * History a feature deletes once it is older than the retention period ({@link RetentionTimer}). Each call is
 * one short transaction deleting at most {@code max} rows per table, skipping rows that are in use.
 */
public interface Expiring {

    /** Deletes one batch of what was created before {@code cutoff}; the largest number of rows gone from one table. */
    int deleteOlderThan(Instant cutoff, Instant now, int max);
}
