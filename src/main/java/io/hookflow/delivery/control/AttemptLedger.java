package io.hookflow.delivery.control;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;

import io.hookflow.delivery.entity.DeliveryAttempt;
import io.hookflow.delivery.entity.DeliveryAttempt_;

/**
 * Turns one exchange into what the attempt ledger keeps: the request with its headers minus secrets (the values
 * of headers that authenticate or sign are replaced), the kept start of the response, latency, error and time.
 */
public final class AttemptLedger {

    static final String HIDDEN = "(hidden)";
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");
    private static final List<String> SECRET_WORDS = List.of("key", "token", "secret", "signature", "auth", "password",
            "session", "credential");

    private AttemptLedger() {
    }

    /** The exchange of {@code request}, which came to {@code outcome}, ended at {@code at}. */
    public static DeliveryAttempt.Exchange exchange(DeliveryRequest request, DeliveryOutcome outcome, Instant at) {
        return new DeliveryAttempt.Exchange(request.method(), request.url().toString(), withoutSecrets(request.headers()),
                outcome.statusCode(), outcome.answered() ? outcome.bodyText() : null, outcome.error(), outcome.latencyMs(), at);
    }

    /**
     * Deletes the attempts of the given work items of one kind (retention takes a finished item's attempts with it,
     * so the ledger never outlives its work nor loses the attempts of work still waiting).
     */
    public static int forget(EntityManager em, String kind, Collection<String> workIds) {
        if (workIds.isEmpty()) {
            return 0;
        }
        var delete = em.getCriteriaBuilder().createCriteriaDelete(DeliveryAttempt.class);
        var root = delete.from(DeliveryAttempt.class);
        delete.where(em.getCriteriaBuilder().equal(root.get(DeliveryAttempt_.kind), kind),
                root.get(DeliveryAttempt_.workId).in(workIds));
        return em.createQuery(delete).executeUpdate();
    }

    static Map<String, List<String>> withoutSecrets(Map<String, List<String>> headers) {
        var kept = new LinkedHashMap<String, List<String>>();
        headers.forEach((name, values) -> kept.put(name, secret(name) ? List.of(HIDDEN) : values));
        return kept;
    }

    private static boolean secret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_HEADERS.contains(lower) || SECRET_WORDS.stream().anyMatch(lower::contains);
    }
}
