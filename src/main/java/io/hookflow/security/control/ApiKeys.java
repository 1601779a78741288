package io.hookflow.security.control;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.transaction.Transactional;

import io.hookflow.platform.control.Forbidden;
import io.hookflow.platform.control.Invalid;
import io.hookflow.platform.control.NotFound;
import io.hookflow.platform.control.FieldError;
import io.hookflow.platform.control.HashedSecrets;
import io.hookflow.platform.control.Timestamps;
import io.hookflow.security.entity.ApiKey;
import io.hookflow.security.entity.ApiKey_;

/**
 * Admins' API keys: made for the creator's tenants with a role no higher than the creator's, listed and
 * revoked only by a caller who holds every tenant the key acts for.
 */
@ApplicationScoped
@Transactional
public class ApiKeys {

    public static final String PREFIX = "hf_";
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    private static final int SHOWN_PREFIX_LENGTH = 10;

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    /** A new key and, only here, the key itself. */
    public record Created(ApiKey apiKey, String key) {
    }

    /** The tenants a caller acts for. */
    public record Tenants(Optional<String> teamId, Optional<UUID> companyId) {
    }

    public Created create(Tenants creator, String creatorRole, String name, String role, Optional<Instant> expiresAt,
                          String user) {
        if (!Roles.isKnown(role)) {
            throw new Invalid(FieldError.body("role", "must be one of viewer, editor, admin", "enum"));
        }
        if (Roles.rank(role) > Roles.rank(creatorRole)) {
            throw new Forbidden("an API key cannot have a role above its creator's (" + creatorRole + ")");
        }
        if (creator.teamId().isEmpty() && creator.companyId().isEmpty()) {
            throw new Forbidden("the token carries neither a team_id nor a company_id claim");
        }
        var now = Timestamps.now();
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
            throw new Invalid(FieldError.body("expires_at", "must be in the future", "value_error"));
        }
        String key = HashedSecrets.generate(PREFIX);
        var apiKey = new ApiKey(name, role, key.substring(0, SHOWN_PREFIX_LENGTH), HashedSecrets.hash(key),
                creator.teamId(), creator.companyId(), user, now, expiresAt);
        em.persist(apiKey);
        return new Created(apiKey, key);
    }

    /** The caller's tenants' keys that are not revoked, newest first. */
    public List<ApiKey> list(Tenants caller) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(ApiKey.class);
        var root = query.from(ApiKey.class);
        query.where(cb.and(heldBy(cb, root, caller), cb.isNull(root.get(ApiKey_.revokedAt))))
                .orderBy(cb.desc(root.get(ApiKey_.createdAt)), cb.desc(root.get(ApiKey_.id)));
        return em.createQuery(query).setMaxResults(1000).getResultList();
    }

    /** Revokes the caller's key; the revoked key is returned so this node can forget it at once. */
    public ApiKey revoke(Tenants caller, String id) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(ApiKey.class);
        var root = query.from(ApiKey.class);
        query.where(cb.and(cb.equal(root.get(ApiKey_.id), id), heldBy(cb, root, caller), cb.isNull(root.get(ApiKey_.revokedAt))));
        var key = em.createQuery(query).getResultStream().findFirst()
                .orElseThrow(() -> new NotFound("API key " + id + " not found"));
        key.revoke(Timestamps.now());
        return key;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ApiKey> findByHash(String keyHash) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(ApiKey.class);
        var root = query.from(ApiKey.class);
        query.where(cb.equal(root.get(ApiKey_.keyHash), keyHash));
        return em.createQuery(query).getResultStream().findFirst();
    }

    /** Notes a use, at most once a minute per key across all nodes (the condition makes concurrent writers no-ops). */
    public void markUsed(String id, Instant at) {
        var cb = em.getCriteriaBuilder();
        var update = cb.createCriteriaUpdate(ApiKey.class);
        var root = update.from(ApiKey.class);
        Path<Instant> lastUsed = root.get(ApiKey_.lastUsedAt);
        update.set(lastUsed, at).where(cb.and(cb.equal(root.get(ApiKey_.id), id),
                cb.or(cb.isNull(lastUsed), cb.lessThan(lastUsed, at.minus(LAST_USED_RESOLUTION)))));
        em.createQuery(update).executeUpdate();
    }

    /** A key is the caller's when the caller holds every tenant the key acts for. */
    private static Predicate heldBy(CriteriaBuilder cb, Root<ApiKey> root, Tenants caller) {
        Predicate team = caller.teamId().map(t -> cb.or(cb.isNull(root.get(ApiKey_.teamId)), cb.equal(root.get(ApiKey_.teamId), t)))
                .orElseGet(() -> cb.isNull(root.get(ApiKey_.teamId)));
        Predicate company = caller.companyId()
                .map(c -> cb.or(cb.isNull(root.get(ApiKey_.companyId)), cb.equal(root.get(ApiKey_.companyId), c)))
                .orElseGet(() -> cb.isNull(root.get(ApiKey_.companyId)));
        return cb.and(team, company);
    }
}
