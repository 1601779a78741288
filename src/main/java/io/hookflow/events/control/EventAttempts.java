package io.hookflow.events.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.transaction.Transactional;

import io.hookflow.platform.control.NotFound;
import io.hookflow.delivery.entity.DeliveryAttempt;
import io.hookflow.delivery.entity.DeliveryAttempt_;
import io.hookflow.events.entity.EventRecord;
import io.hookflow.events.entity.EventRecord_;
import io.hookflow.platform.control.Like;
import io.hookflow.platform.control.Paging;

/** The delivery attempts of one published event, newest first; {@code search} looks at URL, error and response. */
@ApplicationScoped
@Transactional
public class EventAttempts {

    private static final Paging.Listing<DeliveryAttempt> LISTING = Paging.listing(DeliveryAttempt.class,
            EventAttempts::conditions,
            (cb, root) -> List.of(cb.desc(root.get(DeliveryAttempt_.createdAt)), cb.desc(root.get(DeliveryAttempt_.id))));

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    /** 404 unless the team published an event with this id, so an unknown event is not an empty history. */
    public Paging.Page<DeliveryAttempt> list(AttemptFilter filter) {
        if (!published(filter.teamId(), filter.eventId())) {
            throw new NotFound("event not found");
        }
        var values = new Paging.Values()
                .with("team", filter.teamId())
                .with("event", filter.eventId())
                .with("pattern", filter.search().map(Like::containingIgnoringCase))
                .with("start", filter.window().start())
                .with("end", filter.window().end());
        return LISTING.page(em, values, filter.page(), filter.size());
    }

    private boolean published(String teamId, String eventId) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(String.class);
        var root = query.from(EventRecord.class);
        query.select(root.get(EventRecord_.id))
                .where(cb.equal(root.get(EventRecord_.eventId), eventId), cb.equal(root.get(EventRecord_.teamId), teamId));
        return !em.createQuery(query).setMaxResults(1).getResultList().isEmpty();
    }

    private static List<Predicate> conditions(CriteriaBuilder cb, Root<DeliveryAttempt> root, Paging.Shape shape) {
        List<Predicate> where = new ArrayList<>();
        where.add(cb.equal(root.get(DeliveryAttempt_.teamId), shape.value("team", String.class)));
        where.add(cb.equal(root.get(DeliveryAttempt_.eventId), shape.value("event", String.class)));
        if (shape.has("pattern")) {
            var pattern = shape.value("pattern", String.class);
            where.add(cb.or(cb.like(cb.lower(root.get(DeliveryAttempt_.requestUrl)), pattern, Like.ESCAPE),
                    cb.like(cb.lower(root.get(DeliveryAttempt_.errorMessage)), pattern, Like.ESCAPE),
                    cb.like(cb.lower(root.get(DeliveryAttempt_.responseBody)), pattern, Like.ESCAPE)));
        }
        if (shape.has("start")) {
            where.add(cb.greaterThanOrEqualTo(root.get(DeliveryAttempt_.createdAt), shape.value("start", Instant.class)));
        }
        if (shape.has("end")) {
            where.add(cb.lessThan(root.get(DeliveryAttempt_.createdAt), shape.value("end", Instant.class)));
        }
        return where;
    }
}
