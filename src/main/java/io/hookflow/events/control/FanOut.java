package io.hookflow.events.control;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.hookflow.events.entity.EventRecord;
import io.hookflow.platform.control.Timestamps;
import io.hookflow.subscriptions.control.Subscriptions;

/**
 * One publish in one transaction: a record for every enabled subscription of the team that lists the action,
 * except those that already have a record with the publication's dedupe key. Two identical publishes racing
 * each other both see "nothing yet"; the unique constraint on (subscription_id, dedupe_key) lets one win and
 * fails the other's {@link RecordInserts#write}, and {@link Publisher} runs the loser again, which then finds the
 * winner's records.
 */
@ApplicationScoped
@Transactional
public class FanOut {

    /** A fixed text, translated once by Hibernate (a criteria query is translated again on every call). */
    private static final String EXISTING = """
            select r from EventRecord r
            where r.teamId = :team and r.dedupeKey = :key and r.subscriptionId in :subscriptions""";

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Inject
    Subscriptions subscriptions;

    @Inject
    RecordInserts inserts;

    @Inject
    Event<DeliveriesDue> deliveriesDue;

    public Published publish(String teamId, EventRecord.Publication publication, String user) {
        List<String> targets = subscriptions.listeningTo(teamId, publication.action());
        Map<String, EventRecord> existing = publication.dedupeKey() == null || targets.isEmpty()
                ? Map.of()
                : existing(teamId, publication.dedupeKey(), targets);
        // a repeat joins the event its first publish created, so all of the event's records share one event_id
        String eventId = existing.values().stream()
                .min(Comparator.comparing(EventRecord::createdAt).thenComparing(EventRecord::id))
                .map(EventRecord::eventId)
                .orElse(publication.eventId());
        var effective = publication.withEventId(eventId);
        var now = Timestamps.now();
        var records = EventRecord.of(effective, targets.stream().filter(id -> !existing.containsKey(id)).toList(),
                teamId, user, now);
        inserts.write(records);
        if (!records.isEmpty()) {
            List<String> created = records.stream().map(EventRecord::id).toList();
            deliveriesDue.fire(new DeliveriesDue(created));
        }
        return new Published(eventId, targets.size());
    }

    private Map<String, EventRecord> existing(String teamId, String dedupeKey, List<String> subscriptionIds) {
        return em.createQuery(EXISTING, EventRecord.class)
                .setParameter("team", teamId)
                .setParameter("key", dedupeKey)
                .setParameter("subscriptions", subscriptionIds)
                .getResultList().stream()
                .collect(Collectors.toMap(EventRecord::subscriptionId, Function.identity()));
    }
}
