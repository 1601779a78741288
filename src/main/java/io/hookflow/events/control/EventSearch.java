package io.hookflow.events.control;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.transaction.Transactional;

import io.hookflow.events.entity.EventRecord;
import io.hookflow.events.entity.EventRecord_;
import io.hookflow.events.entity.EventStatus;
import io.hookflow.platform.control.Database;
import io.hookflow.platform.control.Like;
import io.hookflow.platform.control.Paging;
import io.hookflow.platform.control.TimeWindow;
import io.hookflow.subscriptions.entity.WorkflowAction;

/**
 * The team's event records, newest first. Every condition is one an index led by {@code team_id} serves
 * (see the event_records indexes in sql/); {@code search} matches the entity's lower-cased
 * {@code search_facets} or {@code search_ids}, which trigram indexes cover on PostgreSQL.
 *
 * <p>{@code total} is exact. Counting a team's million records row by row costs hundreds of milliseconds even
 * from an index, so where the filter allows it (team, action, status and whole UTC days) the total comes from
 * {@link EventCounts}, and only the partial days at the edges of a time window are counted row by row; a search's
 * total comes from {@link SearchTotals}.
 */
@ApplicationScoped
@Transactional
public class EventSearch {

    static final Paging.Listing<EventRecord> LISTING = Paging.listing(EventRecord.class, EventSearch::conditions,
            (cb, root) -> List.of(cb.desc(root.get(EventRecord_.createdAt)), cb.desc(root.get(EventRecord_.id))));

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Inject
    EventCounts counts;

    @Inject
    SearchTotals searchTotals;

    @Inject
    Database database;

    public Paging.Page<EventRecord> list(EventFilter filter) {
        if (filter.search().isPresent()) {
            database.planForTheValuesGiven();
        }
        return LISTING.page(em, values(filter), filter.page(), filter.size(), () -> total(filter));
    }

    long total(EventFilter filter) {
        if (filter.search().isPresent() && database.postgres()) {
            return searchTotals.count(filter);
        }
        boolean countable = filter.subscriptionId().isEmpty() && filter.workflowId().isEmpty() && filter.search().isEmpty();
        var days = WholeDays.within(filter.window());
        if (!countable || !counts.available() || days.isEmpty()) {
            return countRows(filter, filter.window());
        }
        var whole = days.get();
        long total = counts.sum(filter.teamId(), whole.from(), whole.to(), filter.action(), filter.status());
        if (whole.headStart().isPresent()) {
            total += countRows(filter, new TimeWindow(whole.headStart(), whole.from().map(WholeDays::midnight)));
        }
        if (whole.tailEnd().isPresent()) {
            total += countRows(filter, new TimeWindow(whole.to().map(WholeDays::midnight), whole.tailEnd()));
        }
        return total;
    }

    private long countRows(EventFilter filter, TimeWindow window) {
        var narrowed = new EventFilter(filter.teamId(), filter.subscriptionId(), filter.workflowId(), filter.action(),
                filter.status(), filter.search(), window, filter.page(), filter.size());
        return LISTING.count(em, values(narrowed));
    }

    /** The values of the list's conditions; a bulk replay matches records by the very same ones. */
    static Paging.Values values(EventFilter filter) {
        return new Paging.Values()
                .with("team", filter.teamId())
                .with("subscription", filter.subscriptionId())
                .with("workflow", filter.workflowId())
                .with("action", filter.action())
                .with("status", filter.status())
                .with("pattern", filter.search().map(Like::containingIgnoringCase))
                .with("start", filter.window().start())
                .with("end", filter.window().end());
    }

    private static List<Predicate> conditions(CriteriaBuilder cb, Root<EventRecord> root, Paging.Shape shape) {
        List<Predicate> where = new ArrayList<>();
        where.add(cb.equal(root.get(EventRecord_.teamId), shape.value("team", String.class)));
        if (shape.has("subscription")) {
            where.add(cb.equal(root.get(EventRecord_.subscriptionId), shape.value("subscription", String.class)));
        }
        if (shape.has("workflow")) {
            where.add(cb.equal(root.get(EventRecord_.workflowId), shape.value("workflow", String.class)));
        }
        if (shape.has("action")) {
            where.add(cb.equal(root.get(EventRecord_.action), shape.value("action", WorkflowAction.class)));
        }
        if (shape.has("status")) {
            where.add(cb.equal(root.get(EventRecord_.status), shape.value("status", EventStatus.class)));
        }
        if (shape.has("pattern")) {
            var pattern = shape.value("pattern", String.class);
            where.add(cb.or(cb.like(root.get(EventRecord_.searchFacets), pattern, Like.ESCAPE),
                    cb.like(root.get(EventRecord_.searchIds), pattern, Like.ESCAPE)));
        }
        if (shape.has("start")) {
            where.add(cb.greaterThanOrEqualTo(root.get(EventRecord_.createdAt), shape.value("start", Instant.class)));
        }
        if (shape.has("end")) {
            where.add(cb.lessThan(root.get(EventRecord_.createdAt), shape.value("end", Instant.class)));
        }
        return where;
    }

    /**
     * A window split into whole UTC days {@code [from, to)} (either end open) and the partial days around them:
     * {@code [headStart, midnight(from))} and {@code [midnight(to), tailEnd)}.
     */
    record WholeDays(Optional<LocalDate> from, Optional<LocalDate> to, Optional<Instant> headStart,
                     Optional<Instant> tailEnd) {

        /** Empty when the window holds no whole day: then counting its rows is cheap anyway. */
        static Optional<WholeDays> within(TimeWindow window) {
            Optional<LocalDate> from = window.start().map(start -> {
                LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC);
                return midnight(day).equals(start) ? day : day.plusDays(1);
            });
            Optional<LocalDate> to = window.end().map(end -> LocalDate.ofInstant(end, ZoneOffset.UTC));
            if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
                return Optional.empty();
            }
            Optional<Instant> headStart = window.start().filter(start -> !midnight(from.orElseThrow()).equals(start));
            Optional<Instant> tailEnd = window.end().filter(end -> !midnight(to.orElseThrow()).equals(end));
            return Optional.of(new WholeDays(from, to, headStart, tailEnd));
        }

        static Instant midnight(LocalDate day) {
            return day.atStartOfDay().toInstant(ZoneOffset.UTC);
        }
    }
}
