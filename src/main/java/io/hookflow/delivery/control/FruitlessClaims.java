package io.hookflow.delivery.control;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers, for one kind of work, that a claim found nothing left outside the lanes and tenants it had to leave out,
 * so that the pump does not ask the database the same question again while nothing can have changed the answer.
 *
 * <p>Why: with one subscription's backlog and its lane full, every pump ended with a claim that leaves that lane out.
 * The due-index scan then read the whole backlog to find no other work (100,000 due records: about 135 index entries
 * read per delivery), and the lane ran dry while the pump waited for it.
 *
 * <p>Such an answer holds for a claim that leaves out at least the same lanes and tenants, until one of these: the
 * poll's tick (work due by time: retries, lapsed leases, holds that end; and other nodes' work), new work on this
 * node ({@link WorkDue}), or a booking in a lane the answer did not leave out (a booking makes work due only in its
 * own lane: the next record of an ordered subscription, the next step of a flow).
 */
final class FruitlessClaims {

    private record Answer(Set<String> busyLanes, Set<String> busyTenants, long changes) {
    }

    private final AtomicLong changes = new AtomicLong();
    private final Set<String> bookedDuringClaim = ConcurrentHashMap.newKeySet();
    private volatile Answer last;

    /** A claim starts: the count of changes it is asked against. */
    long claiming() {
        bookedDuringClaim.clear();
        return changes.get();
    }

    /** Whether a claim leaving out these lanes and tenants is known to find nothing. */
    boolean known(Set<String> busyLanes, Set<String> busyTenants) {
        Answer answer = last;
        return answer != null && answer.changes() == changes.get()
                && busyLanes.containsAll(answer.busyLanes()) && busyTenants.containsAll(answer.busyTenants());
    }

    /** The claim begun at {@code seen} left nothing due outside these lanes and tenants. */
    void exhausted(Set<String> busyLanes, Set<String> busyTenants, long seen) {
        last = new Answer(Set.copyOf(busyLanes), Set.copyOf(busyTenants), seen);
        // written before this check, read by booked() after its own write: one of the two always sees the other
        if (!busyLanes.containsAll(bookedDuringClaim)) {
            changed();
        }
    }

    /** Something may have made work due that no remembered answer knows of. */
    void changed() {
        changes.incrementAndGet();
    }

    /** Items of {@code lanes} were booked (committed). */
    void booked(Collection<String> lanes) {
        bookedDuringClaim.addAll(lanes);
        Answer answer = last;
        if (answer == null || !answer.busyLanes().containsAll(lanes)) {
            changed();
        }
    }
}
