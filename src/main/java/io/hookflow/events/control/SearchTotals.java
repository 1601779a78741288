package io.hookflow.events.control;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.hookflow.platform.control.Like;

/**
 * The exact total of a search on PostgreSQL, counted from indexes rather than from the matching rows.
 *
 * <p>A trigram index only narrows a {@code LIKE} down to candidates; each must be checked against its text in the
 * table, and a search that matches tens of thousands of records visits as many table pages (hundreds of
 * milliseconds at a million records, docs/benchmarks.md). Most of a broad search's matches are in the values
 * records share (name, workflow id, last error): each record carries their digest, and PostgreSQL keeps each team's
 * distinct texts with theirs ({@code sql/postgresql/V70__event_search_split.sql}). The search runs over those few
 * texts, and the records carrying a matching digest are counted from an index alone. Only matches in a record's own
 * ids are checked in the table, and only those whose shared values did not match already, so no record counts twice.
 */
@ApplicationScoped
@Transactional
public class SearchTotals {

    private static final String ESCAPE = " escape '" + Like.ESCAPE + "'";

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    /** On PostgreSQL only: the digests and the list of texts exist there alone. */
    long count(EventFilter filter) {
        StringBuilder where = new StringBuilder("r.team_id = :team");
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("team", filter.teamId());
        parameters.put("pattern", Like.containingIgnoringCase(filter.search().orElseThrow()));
        filter.subscriptionId().ifPresent(id -> {
            where.append(" and r.subscription_id = :subscription");
            parameters.put("subscription", id);
        });
        filter.workflowId().ifPresent(id -> {
            where.append(" and r.workflow_id = :workflow");
            parameters.put("workflow", id);
        });
        filter.action().ifPresent(action -> {
            where.append(" and r.action = :action");
            parameters.put("action", action.name());
        });
        filter.status().ifPresent(status -> {
            where.append(" and r.status = :status");
            parameters.put("status", status.name());
        });
        filter.window().start().ifPresent(start -> {
            where.append(" and r.created_at >= :start");
            parameters.put("start", start);
        });
        filter.window().end().ifPresent(end -> {
            where.append(" and r.created_at < :end");
            parameters.put("end", end);
        });
        String matchingFacets = "array(select search_facet_key from event_search_facets where team_id = :team"
                + " and search_facets like :pattern" + ESCAPE + ")";
        // one statement, one snapshot: a record whose last error changes meanwhile is counted once, by one text
        var query = em.createNativeQuery("select (select count(*) from event_records r where " + where
                + " and r.search_facet_key = any(" + matchingFacets + "))"
                + " + (select count(*) from event_records r where " + where
                + " and r.search_ids like :pattern" + ESCAPE + " and r.search_facet_key <> all(" + matchingFacets + "))");
        parameters.forEach(query::setParameter);
        return ((Number) query.getSingleResult()).longValue();
    }
}
