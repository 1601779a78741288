package io.hookflow.delivery.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * How many deliveries this node has in flight, in all and per subscription, against two bounds: the node's
 * and each subscription's. A slow or dead receiver fills its own slots and no more, so the others keep going.
 */
final class Slots {

    private final int total;
    private final int perSubscription;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> bySubscription = new ConcurrentHashMap<>();

    Slots(int total, int perSubscription) {
        if (total < 1 || perSubscription < 1) {
            throw new IllegalArgumentException("bounds must be positive");
        }
        this.total = total;
        this.perSubscription = perSubscription;
    }

    int free() {
        return Math.max(0, total - inFlight.get());
    }

    int inFlight() {
        return inFlight.get();
    }

    boolean tryAcquire(String subscription) {
        if (inFlight.incrementAndGet() > total) {
            inFlight.decrementAndGet();
            return false;
        }
        boolean[] taken = {false};
        bySubscription.compute(subscription, (s, count) -> {
            int current = count == null ? 0 : count;
            if (current >= perSubscription) {
                return count;
            }
            taken[0] = true;
            return current + 1;
        });
        if (!taken[0]) {
            inFlight.decrementAndGet();
        }
        return taken[0];
    }

    void release(String subscription) {
        bySubscription.computeIfPresent(subscription, (s, count) -> count <= 1 ? null : count - 1);
        inFlight.decrementAndGet();
    }

    /** Subscriptions with no free slot: the next claim leaves their records alone. */
    Set<String> busy() {
        return bySubscription.entrySet().stream().filter(e -> e.getValue() >= perSubscription)
                .map(java.util.Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    /** Slots taken during one claim, to give back together if the claim's transaction fails. */
    Gate gate() {
        return new Gate();
    }

    final class Gate {
        private final List<String> taken = new ArrayList<>();

        synchronized boolean tryAcquire(String subscription) {
            if (Slots.this.tryAcquire(subscription)) {
                taken.add(subscription);
                return true;
            }
            return false;
        }

        synchronized void releaseAll() {
            taken.forEach(Slots.this::release);
            taken.clear();
        }
    }
}
