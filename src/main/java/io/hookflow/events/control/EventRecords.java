package io.hookflow.events.control;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.hookflow.platform.control.Conflict;
import io.hookflow.platform.control.NotFound;
import io.hookflow.events.entity.EventRecord;
import io.hookflow.platform.control.Timestamps;
import io.hookflow.subscriptions.control.Subscriptions;

/** One event record of a team, by its {@code _id}: asking for another delivery of it. */
@ApplicationScoped
@Transactional
public class EventRecords {

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Inject
    Subscriptions subscriptions;

    @Inject
    Event<DeliveriesDue> deliveriesDue;

    /**
     * Makes the record pending and due now. Locked while changed, so a delivery engine that claims records with
     * {@code SKIP LOCKED} does not take it half-way; a record whose subscription was deleted has nowhere to go.
     */
    public EventRecord retry(String teamId, String id, String user) {
        var record = Optional.ofNullable(em.find(EventRecord.class, id, LockModeType.PESSIMISTIC_WRITE))
                .filter(r -> r.teamId().equals(teamId))
                .orElseThrow(() -> new NotFound("event not found"));
        if (!subscriptions.exists(teamId, record.subscriptionId())) {
            throw new Conflict("the event's subscription was deleted: it cannot be delivered again");
        }
        record.retryNow(user, Timestamps.now());
        deliveriesDue.fire(new DeliveriesDue(List.of(record.id())));
        return record;
    }
}
