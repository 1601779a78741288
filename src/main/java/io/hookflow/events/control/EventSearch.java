package io.hookflow.events.control;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.transaction.Transactional;

import io.hookflow.events.entity.EventRecord;
import io.hookflow.events.entity.EventRecord_;
import io.hookflow.platform.control.Like;
import io.hookflow.platform.control.Paging;

/**
 * The team's event records, newest first. Every condition is one an index led by {@code team_id} serves
 * (see the event_records indexes in sql/); {@code search} matches the entity's lower-cased
 * {@code search_text}, which the trigram index covers on PostgreSQL.
 */
@ApplicationScoped
@Transactional
public class EventSearch {

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    public Paging.Page<EventRecord> list(EventFilter filter) {
        return Paging.fetch(em, EventRecord.class, (cb, root) -> conditions(cb, root, filter),
                (cb, root) -> List.of(cb.desc(root.get(EventRecord_.createdAt)), cb.desc(root.get(EventRecord_.id))),
                filter.page(), filter.size());
    }

    private static List<Predicate> conditions(CriteriaBuilder cb, Root<EventRecord> root, EventFilter filter) {
        List<Predicate> where = new ArrayList<>();
        where.add(cb.equal(root.get(EventRecord_.teamId), filter.teamId()));
        filter.subscriptionId().ifPresent(id -> where.add(cb.equal(root.get(EventRecord_.subscriptionId), id)));
        filter.workflowId().ifPresent(id -> where.add(cb.equal(root.get(EventRecord_.workflowId), id)));
        filter.action().ifPresent(action -> where.add(cb.equal(root.get(EventRecord_.action), action)));
        filter.status().ifPresent(status -> where.add(cb.equal(root.get(EventRecord_.status), status)));
        filter.search().map(Like::containingIgnoringCase)
                .ifPresent(pattern -> where.add(cb.like(root.get(EventRecord_.searchText), pattern, Like.ESCAPE)));
        filter.window().start().ifPresent(start -> where.add(cb.greaterThanOrEqualTo(root.get(EventRecord_.createdAt), start)));
        filter.window().end().ifPresent(end -> where.add(cb.lessThan(root.get(EventRecord_.createdAt), end)));
        return where;
    }
}
