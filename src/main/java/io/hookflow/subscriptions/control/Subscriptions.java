package io.hookflow.subscriptions.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.transaction.Transactional;

import io.hookflow.platform.control.Timestamps;
import io.hookflow.subscriptions.entity.Subscription;
import io.hookflow.subscriptions.entity.Subscription_;

/** The subscriptions of a team: creating them and finding them. */
@ApplicationScoped
@Transactional
public class Subscriptions {

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    public Subscription create(String teamId, Subscription.Settings settings, String bearerToken, String user) {
        var now = Timestamps.now();
        var subscription = new Subscription(teamId, settings, user, now);
        if (bearerToken != null) {
            subscription.setBearerToken(bearerToken, user, now);
        }
        em.persist(subscription);
        return subscription;
    }

    public record Page(List<Subscription> items, long total) {
    }

    public Page list(SubscriptionFilter filter) {
        CriteriaBuilder cb = em.getCriteriaBuilder();

        var query = cb.createQuery(Subscription.class);
        var root = query.from(Subscription.class);
        query.where(conditions(cb, root, filter))
                .orderBy(cb.desc(root.get(Subscription_.createdAt)), cb.desc(root.get(Subscription_.id)));
        List<Subscription> items = em.createQuery(query)
                .setFirstResult((filter.page() - 1) * filter.size())
                .setMaxResults(filter.size())
                .getResultList();

        var count = cb.createQuery(Long.class);
        var countRoot = count.from(Subscription.class);
        count.select(cb.count(countRoot)).where(conditions(cb, countRoot, filter));
        return new Page(items, em.createQuery(count).getSingleResult());
    }

    private static Predicate[] conditions(CriteriaBuilder cb, Root<Subscription> root, SubscriptionFilter filter) {
        List<Predicate> where = new ArrayList<>();
        where.add(cb.equal(root.get(Subscription_.teamId), filter.teamId()));
        filter.enabled().ifPresent(enabled -> where.add(cb.equal(root.get(Subscription_.enabled), enabled)));
        filter.action().ifPresent(action -> where.add(cb.isMember(action, root.get(Subscription_.actions))));
        filter.search().map(s -> "%" + escapeLike(s.toLowerCase(Locale.ROOT)) + "%").ifPresent(pattern -> where.add(cb.or(
                cb.like(cb.lower(root.get(Subscription_.name)), pattern, '\\'),
                cb.like(cb.lower(root.get(Subscription_.url)), pattern, '\\'))));
        return where.toArray(Predicate[]::new);
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
