package io.hookflow.delivery.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Table;

import io.hookflow.platform.control.Database;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refreshes the planner's statistics of a work table when a claim from it turns slow. A claim is planned on what
 * PostgreSQL last learnt of the table: after a quiet spell that is "nothing due", and a burst of due rows then gets
 * a plan that joins and sorts every due row to keep a page of them (272 ms per claim of 100 with 23,000 due, 18 ms
 * once analyzed; docs/benchmarks.md, fifth round). Autoanalyze does not save it: it waits for a tenth of a large
 * table to change, and some databases run without it. So the first slow claim has the table analyzed, off the
 * claim's thread, at most once a minute per table. {@value #SLOW_CLAIM_SETTING} (milliseconds) says what is slow.
 */
@ApplicationScoped
public class ClaimStatistics {

    static final String SLOW_CLAIM_SETTING = "hookflow.delivery.slow-claim-ms";
    static final Duration SLOW_CLAIM = Duration.ofMillis(100);
    static final Duration AT_MOST_EVERY = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(ClaimStatistics.class.getName());

    private final Map<String, Instant> lastRefresh = new ConcurrentHashMap<>();
    private Duration slowClaim = SLOW_CLAIM;

    @Inject
    Database database;

    @Resource(lookup = DeliveryEngine.EXECUTOR)
    ManagedExecutorService executor;

    @PostConstruct
    void configure() {
        slowClaim = ConfigProvider.getConfig(ClaimStatistics.class.getClassLoader())
                .getOptionalValue(SLOW_CLAIM_SETTING, Long.class)
                .filter(millis -> millis >= 0)
                .map(Duration::ofMillis)
                .orElse(SLOW_CLAIM);
    }

    /** A claim of {@code entity}'s table took {@code took} ({@link LeasedWork#lockDue} reports every claim). */
    public void claimTook(Class<?> entity, Duration took) {
        String table = entity.getAnnotation(Table.class).name();
        if (!database.postgres() || !refreshDue(table, took, Instant.now())) {
            return;
        }
        try {
            executor.execute(() -> refresh(table, took));
        } catch (RejectedExecutionException e) {
            LOG.log(Level.FINE, "No room to refresh the statistics of " + table + " now", e);
        }
    }

    /** Whether a claim that took {@code took} at {@code now} should have {@code table} analyzed; it books the refresh. */
    boolean refreshDue(String table, Duration took, Instant now) {
        if (took.compareTo(slowClaim) < 0) {
            return false;
        }
        var booked = new boolean[1];
        lastRefresh.compute(table, (name, last) -> {
            booked[0] = last == null || !now.isBefore(last.plus(AT_MOST_EVERY));
            return booked[0] ? now : last;
        });
        return booked[0];
    }

    private void refresh(String table, Duration took) {
        try {
            database.analyze(table);
            LOG.fine(() -> "A claim from " + table + " took " + took.toMillis() + " ms: refreshed its statistics");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "Could not refresh the statistics of " + table + " after a slow claim");
        }
    }
}
