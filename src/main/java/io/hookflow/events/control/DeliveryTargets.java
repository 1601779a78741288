package io.hookflow.events.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import io.hookflow.subscriptions.entity.Subscription;
import org.hibernate.Session;

/**
 * The {@link DeliveryTarget}s of the subscriptions a claim delivers to, kept between claims and checked against each
 * subscription's row version in the claim's own transaction, so that a change (a new URL, a rotated secret, the
 * circuit breaker's) counts from the first claim that follows it, on every node. Loading and decrypting the
 * subscription on every claim was most of a claim's own CPU after the request's signing (docs/benchmarks.md,
 * sixteenth round); the version check is one indexed read of two columns.
 */
@ApplicationScoped
public class DeliveryTargets {

    /** Bounds the memory the targets hold; past it the cache starts again, which costs one load per subscription. */
    static final int MAX_KEPT = 10_000;

    private final Map<String, DeliveryTarget> kept = new ConcurrentHashMap<>();

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    /** The current targets of those of {@code subscriptionIds} (distinct) that still exist. */
    Map<String, DeliveryTarget> current(List<String> subscriptionIds) {
        if (subscriptionIds.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> versions = versions(subscriptionIds);
        Map<String, DeliveryTarget> current = new HashMap<>();
        List<String> stale = new ArrayList<>();
        for (String id : subscriptionIds) {
            DeliveryTarget target = kept.get(id);
            Long version = versions.get(id);
            if (version == null) {
                kept.remove(id);
            } else if (target != null && target.version() == version) {
                current.put(id, target);
            } else {
                stale.add(id);
            }
        }
        if (!stale.isEmpty()) {
            if (kept.size() + stale.size() > MAX_KEPT) {
                kept.clear();
            }
            for (Subscription subscription : load(stale)) {
                DeliveryTarget target = DeliveryTarget.of(subscription);
                kept.put(subscription.id(), target);
                current.put(subscription.id(), target);
            }
        }
        return current;
    }

    /** Hibernate's multi-load, whose statement is prepared once whatever the number of ids. */
    private List<Subscription> load(List<String> ids) {
        return em.unwrap(Session.class).byMultipleIds(Subscription.class).multiLoad(ids).stream()
                .filter(Objects::nonNull).toList();
    }

    private Map<String, Long> versions(List<String> ids) {
        String sql = "SELECT id, version FROM subscriptions WHERE id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")";
        return em.unwrap(Session.class).doReturningWork(connection -> versions(connection, sql, ids));
    }

    private static Map<String, Long> versions(Connection connection, String sql, List<String> ids) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                select.setString(i + 1, ids.get(i));
            }
            Map<String, Long> versions = new HashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    versions.put(rows.getString(1), rows.getLong(2));
                }
            }
            return versions;
        }
    }
}
