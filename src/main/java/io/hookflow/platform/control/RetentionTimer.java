package io.hookflow.platform.control;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Deletes history older than {@code hookflow.retention.period} (ISO-8601, default {@code P30D}) every
 * {@code hookflow.retention.sweep-seconds} (default 3600). Batches of {@link #BATCH} rows, each its own short
 * transaction that skips locked rows, so a sweep never holds up deliveries or publishing. Not persistent: a
 * missed sweep leaves more for the next one. Several nodes may sweep at once; they take disjoint rows.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrations")
public class RetentionTimer {

    public static final String PERIOD = "hookflow.retention.period";
    public static final String SWEEP_SECONDS = "hookflow.retention.sweep-seconds";
    static final int BATCH = 1000;
    private static final Logger LOG = Logger.getLogger(RetentionTimer.class.getName());

    @Resource
    TimerService timers;

    @Inject
    @Any
    Instance<Expiring> expiring;

    private Duration period;

    @PostConstruct
    void schedule() {
        var config = ConfigProvider.getConfig(RetentionTimer.class.getClassLoader());
        period = Duration.parse(config.getOptionalValue(PERIOD, String.class).orElse("P30D"));
        long every = config.getOptionalValue(SWEEP_SECONDS, Long.class).orElse(3600L);
        if (period.isNegative() || period.isZero() || every < 1) {
            throw new IllegalArgumentException(PERIOD + " and " + SWEEP_SECONDS + " must be positive");
        }
        timers.createIntervalTimer(Duration.ofSeconds(every).toMillis(), Duration.ofSeconds(every).toMillis(),
                new TimerConfig(null, false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // every batch runs its own transaction
    void sweep() {
        Instant now = Timestamps.now();
        Instant cutoff = now.minus(period);
        for (Expiring history : expiring) {
            try {
                long began = System.nanoTime();
                long deleted = 0;
                int batch;
                do {
                    batch = history.deleteOlderThan(cutoff, now, BATCH);
                    deleted += batch;
                } while (batch == BATCH);
                if (deleted > 0) {
                    LOG.info("retention sweep (" + history.getClass().getSimpleName().replaceAll("\\$.*", "") + ") removed "
                            + deleted + " rows older than " + cutoff + " in " + (System.nanoTime() - began) / 1_000_000 + " ms");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A retention sweep failed; the next one tries again", e);
            }
        }
    }
}
