package io.hookflow.delivery.control;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * What this node holds, against three bounds.
 * <ul>
 * <li>Node-wide: records claimed and not yet booked ({@code nodeLimit}), what a crash would leave to lapse.</li>
 * <li>Per subscription, sending: requests open to its receiver at once ({@code perSubscription}). The slot is
 * given back as soon as the answer is in, before booking.</li>
 * <li>Per subscription, held: claimed and not yet answered, queued here or sending ({@code holdPerSubscription}).
 * Claiming a little ahead keeps a fast receiver busy while the next claim runs; the bound keeps a slow or dead
 * receiver from hoarding records under lease: a full lane is left out of the next claim, so the others keep going.</li>
 * </ul>
 */
final class Lanes {

    private final int nodeLimit;
    private final int perSubscription;
    private final int holdPerSubscription;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

    private static final class Lane {
        final Deque<ClaimedWork> queued = new ArrayDeque<>();
        int held;
        int sending;
    }

    Lanes(int nodeLimit, int perSubscription, int holdPerSubscription) {
        if (nodeLimit < 1 || perSubscription < 1 || holdPerSubscription < perSubscription) {
            throw new IllegalArgumentException("bounds must be positive, and a lane must hold at least what it may send");
        }
        this.nodeLimit = nodeLimit;
        this.perSubscription = perSubscription;
        this.holdPerSubscription = holdPerSubscription;
    }

    int free() {
        return Math.max(0, nodeLimit - inFlight.get());
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Takes a node slot and a place in the subscription's lane, if both are free. */
    boolean tryHold(String subscription) {
        if (inFlight.incrementAndGet() > nodeLimit) {
            inFlight.decrementAndGet();
            return false;
        }
        boolean[] taken = {false};
        lanes.compute(subscription, (s, lane) -> {
            Lane current = lane == null ? new Lane() : lane;
            if (current.held < holdPerSubscription) {
                current.held++;
                taken[0] = true;
            }
            return current.held == 0 ? null : current;
        });
        if (!taken[0]) {
            inFlight.decrementAndGet();
        }
        return taken[0];
    }

    /** Gives back a hold that never became a queued delivery (its claim failed). */
    void unhold(String subscription) {
        lanes.computeIfPresent(subscription, (s, lane) -> {
            lane.held--;
            return lane.held == 0 && lane.queued.isEmpty() ? null : lane;
        });
        inFlight.decrementAndGet();
    }

    void enqueue(ClaimedWork claimed) {
        lanes.compute(claimed.lane(), (s, lane) -> {
            if (lane == null) {
                throw new IllegalStateException("a delivery was queued without a hold");
            }
            lane.queued.add(claimed);
            return lane;
        });
    }

    /** Takes as many queued deliveries of the subscription as it may send now; the caller sends them. */
    List<ClaimedWork> startable(String subscription) {
        List<ClaimedWork> start = new ArrayList<>();
        lanes.computeIfPresent(subscription, (s, lane) -> {
            while (lane.sending < perSubscription && !lane.queued.isEmpty()) {
                start.add(lane.queued.poll());
                lane.sending++;
            }
            return lane;
        });
        return start;
    }

    /** The receiver answered (or the request failed): the lane may send another. */
    void answered(String subscription) {
        lanes.computeIfPresent(subscription, (s, lane) -> {
            lane.sending--;
            lane.held--;
            return lane.held == 0 && lane.queued.isEmpty() ? null : lane;
        });
    }

    /** The outcome is booked: the node holds one record less. */
    void booked() {
        inFlight.decrementAndGet();
    }

    /** Subscriptions whose lane is full: the next claim leaves their records alone. */
    Set<String> busy() {
        return lanes.entrySet().stream().filter(e -> e.getValue().held >= holdPerSubscription)
                .map(java.util.Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    /** Holds taken during one claim, to give back together if the claim's transaction fails. */
    Gate gate() {
        return new Gate();
    }

    final class Gate {
        private final List<String> taken = new ArrayList<>();

        synchronized boolean tryHold(String subscription) {
            if (Lanes.this.tryHold(subscription)) {
                taken.add(subscription);
                return true;
            }
            return false;
        }

        synchronized void releaseAll() {
            taken.forEach(Lanes.this::unhold);
            taken.clear();
        }
    }
}
