package io.hookflow.delivery.control;

import java.time.Instant;
import java.util.Optional;

/** How much work of one kind is waiting: rows not finished, and the due time of the oldest one nobody holds. */
public record Backlog(long unfinished, Optional<Instant> oldestDue) {

    public static Backlog none() {
        return new Backlog(0, Optional.empty());
    }
}
