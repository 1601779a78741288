package io.hookflow.delivery.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * A table of due work the engine serves: it claims rows under a lease, the engine sends their requests in
 * their lanes, and it books what came of them, each in one transaction. Event deliveries are one source,
 * flow step tries another; the engine's pump claims from each in turn, within one set of bounds.
 */
public interface WorkSource {

    /** @param pageFull as many rows were due as were asked for: there is probably more */
    record Claim(List<? extends ClaimedWork> claimed, boolean pageFull) {
        public Claim {
            claimed = List.copyOf(claimed);
        }

        public static Claim none() {
            return new Claim(List.of(), false);
        }
    }

    /**
     * Leases up to {@code max} due rows to {@code owner}, leaving out rows of {@code busyLanes}. {@code takeSlot}
     * is asked per row and may say no (its lane is full); such a row stays due.
     */
    Claim claim(String owner, Instant now, Duration lease, int max, Collection<String> busyLanes, Predicate<String> takeSlot);

    /** Books outcomes of work this source claimed ({@link #claimed}), one result per outcome, in order. */
    List<Booked> book(String owner, List<CompletedAttempt> completed);

    /** Gives back every lease {@code owner} holds. */
    int releaseAll(String owner);

    /** Whether this source claimed {@code work}. */
    boolean claimed(ClaimedWork work);
}
