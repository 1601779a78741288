package io.hookflow.delivery.control;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * What this node holds, against four bounds.
 * <ul>
 * <li>Node-wide: work claimed and not yet booked ({@code nodeLimit}), what a crash would leave to lapse.</li>
 * <li>Per tenant, held: claimed and not yet answered ({@code holdPerTenant}), so that one tenant's slow receivers
 * cannot take the whole node: a full tenant is left out of the next claim and the others keep going.</li>
 * <li>Per lane, sending: requests open at once ({@code perLane}). The slot is given back as soon as the answer
 * is in, before booking.</li>
 * <li>Per lane, held: claimed and not yet answered, queued here or sending ({@code holdPerLane}), at most part of
 * its tenant's share, so that one subscription cannot take all of it. Claiming a little ahead keeps a fast
 * receiver busy while the next claim runs; a full lane is left out of the next claim.</li>
 * </ul>
 */
final class Lanes<Q extends Lanes.Queued> {

    /** What waits in a lane: claimed work, sent when the lane has room. */
    interface Queued {
        String lane();

        String tenant();
    }

    private final int nodeLimit;
    private final int perLane;
    private final int holdPerLane;
    private final int holdPerTenant;
    /** The room a lane needs before a claim offers it more work (see {@link #busyLanes}). */
    private final int claimAtLeast;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> tenants = new ConcurrentHashMap<>();

    private final class Lane {
        final String tenant;
        final Deque<Q> queued = new ArrayDeque<>();
        int held;
        int sending;

        Lane(String tenant) {
            this.tenant = tenant;
        }
    }

    Lanes(int nodeLimit, int perLane, int holdPerLane, int holdPerTenant) {
        if (nodeLimit < 1 || perLane < 1 || holdPerLane < perLane || holdPerTenant < perLane) {
            throw new IllegalArgumentException("bounds must be positive, and a lane or tenant must hold at least what a lane may send");
        }
        this.nodeLimit = nodeLimit;
        this.perLane = perLane;
        this.holdPerLane = holdPerLane;
        this.holdPerTenant = holdPerTenant;
        this.claimAtLeast = Math.max(1, Math.max(perLane / 2, (holdPerLane - perLane) / 2));
    }

    int free() {
        return Math.max(0, nodeLimit - inFlight.get());
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Takes a node slot, a place in the tenant's share and one in the lane, if all three are free. */
    boolean tryHold(String tenant, String lane) {
        if (inFlight.incrementAndGet() > nodeLimit) {
            inFlight.decrementAndGet();
            return false;
        }
        boolean[] taken = {false};
        tenants.compute(tenant, (t, held) -> {
            int current = held == null ? 0 : held;
            if (current >= holdPerTenant) {
                return held;
            }
            lanes.compute(lane, (l, existing) -> {
                Lane one = existing == null ? new Lane(tenant) : existing;
                if (one.held < holdPerLane) {
                    one.held++;
                    taken[0] = true;
                }
                return one.held == 0 && one.queued.isEmpty() ? null : one;
            });
            return taken[0] ? current + 1 : held;
        });
        if (!taken[0]) {
            inFlight.decrementAndGet();
        }
        return taken[0];
    }

    /** Gives back a hold that never became queued work (its claim failed). */
    void unhold(String tenant, String lane) {
        lanes.computeIfPresent(lane, (l, one) -> {
            one.held--;
            return one.held == 0 && one.queued.isEmpty() ? null : one;
        });
        releaseTenant(tenant);
        inFlight.decrementAndGet();
    }

    void enqueue(Q claimed) {
        lanes.compute(claimed.lane(), (l, lane) -> {
            if (lane == null) {
                throw new IllegalStateException("work was queued without a hold");
            }
            lane.queued.add(claimed);
            return lane;
        });
    }

    /** Takes as much queued work of the lane as it may send now; the caller sends it. */
    List<Q> startable(String lane) {
        List<Q> start = new ArrayList<>();
        lanes.computeIfPresent(lane, (l, one) -> {
            while (one.sending < perLane && !one.queued.isEmpty()) {
                start.add(one.queued.poll());
                one.sending++;
            }
            return one;
        });
        return start;
    }

    /** The receiver answered (or the request failed, or it was never sent): the lane and tenant may take another. */
    void answered(Queued work) {
        lanes.computeIfPresent(work.lane(), (l, one) -> {
            one.sending--;
            one.held--;
            return one.held == 0 && one.queued.isEmpty() ? null : one;
        });
        releaseTenant(work.tenant());
    }

    /** The outcome is booked: the node holds one item less. */
    void booked() {
        inFlight.decrementAndGet();
    }

    /**
     * Lanes with room for fewer than half a lane's sends, or for less than half of what they hold ahead of their
     * sends, whichever is more: the next claim leaves their work alone. Counted as full only at the bound, a lane
     * behind a backlog was offered to every claim with room for one or two items (each answer woke the pump), and
     * every such claim locked and read a page of its rows to take those few. With a narrow lane that holds far ahead
     * (5 sends, 20 held) half a lane is still only two items a claim, which an HTTP client answering promptly
     * reached (BacklogIT: 61 index entries read per step delivered); waiting until half the room ahead is free
     * leaves the other half queued, ready to send while the claim runs.
     */
    Set<String> busyLanes() {
        return lanes.entrySet().stream().filter(e -> e.getValue().held > holdPerLane - claimAtLeast)
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    /** Tenants whose share is taken: the next claim leaves their work alone. */
    Set<String> busyTenants() {
        return tenants.entrySet().stream().filter(e -> e.getValue() >= holdPerTenant)
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    private void releaseTenant(String tenant) {
        tenants.computeIfPresent(tenant, (t, held) -> held <= 1 ? null : held - 1);
    }

    /** Holds taken during one claim, to give back together if the claim fails. */
    Gate gate() {
        return new Gate();
    }

    final class Gate implements ClaimRequest.Slots {
        private final List<String[]> taken = new ArrayList<>();

        @Override
        public synchronized boolean take(String tenant, String lane) {
            if (Lanes.this.tryHold(tenant, lane)) {
                taken.add(new String[] {tenant, lane});
                return true;
            }
            return false;
        }

        /** The claim went through: the holds of the work it queued are kept, any others given back. */
        synchronized void keepFor(List<? extends Queued> claimed) {
            for (Queued work : claimed) {
                for (int i = 0; i < taken.size(); i++) {
                    if (taken.get(i)[0].equals(work.tenant()) && taken.get(i)[1].equals(work.lane())) {
                        taken.remove(i);
                        break;
                    }
                }
            }
            releaseAll();
        }

        synchronized void releaseAll() {
            taken.forEach(hold -> Lanes.this.unhold(hold[0], hold[1]));
            taken.clear();
        }
    }
}
