package io.hookflow.events.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.hookflow.events.entity.EventStatus;

/**
 * A subscription's delivery figures over a window: its records published then by status now, the delivered and
 * failed ones per bucket, and latency percentiles of its attempts from a log-scale histogram (buckets about 13 %
 * wide, so a percentile is within that of the exact one).
 */
public record SubscriptionStats(String subscriptionId, Instant start, Instant end, long delivered, long failed,
                                long retrying, long pending, Double successRate, Latency latencyMs,
                                List<Bucket> series) {

    public record Latency(Long p50, Long p95) {
    }

    public record Bucket(Instant bucketStart, long delivered, long failed) {
    }

    /** A latency histogram bucket: latencies {@code l} with {@code floor(ln(1 + l) * 8) == index}. */
    static int latencyBucket(long latencyMs) {
        return (int) Math.floor(Math.log1p(Math.max(0, latencyMs)) * HISTOGRAM_STEPS_PER_E);
    }

    static final double HISTOGRAM_STEPS_PER_E = 8;

    /** Adds up rollup rows: (series bucket, metric, count); metrics are record statuses or {@code L<bucket>}. */
    static final class Tally {
        private final StatsWindow window;
        private final long[] delivered;
        private final long[] failed;
        private final Map<EventStatus, Long> byStatus = new java.util.EnumMap<>(EventStatus.class);
        private final TreeMap<Integer, Long> latencies = new TreeMap<>();

        Tally(StatsWindow window) {
            this.window = window;
            this.delivered = new long[window.buckets()];
            this.failed = new long[window.buckets()];
        }

        void add(int bucket, String metric, long n) {
            if (metric.startsWith("L")) {
                latencies.merge(Integer.parseInt(metric.substring(1)), n, Long::sum);
                return;
            }
            EventStatus status = EventStatus.valueOf(metric);
            byStatus.merge(status, n, Long::sum);
            if (bucket >= 0 && bucket < delivered.length) {
                if (status == EventStatus.DELIVERED) {
                    delivered[bucket] += n;
                } else if (status == EventStatus.FAILED) {
                    failed[bucket] += n;
                }
            }
        }

        SubscriptionStats result(String subscriptionId) {
            long ok = byStatus.getOrDefault(EventStatus.DELIVERED, 0L);
            long bad = byStatus.getOrDefault(EventStatus.FAILED, 0L);
            List<Bucket> series = new ArrayList<>(delivered.length);
            for (int i = 0; i < delivered.length; i++) {
                series.add(new Bucket(window.bucketStart(i), delivered[i], failed[i]));
            }
            return new SubscriptionStats(subscriptionId, window.start(), window.end(), ok, bad,
                    byStatus.getOrDefault(EventStatus.RETRYING, 0L), byStatus.getOrDefault(EventStatus.PENDING, 0L),
                    ok + bad == 0 ? null : (double) ok / (ok + bad),
                    new Latency(percentile(0.50), percentile(0.95)), series);
        }

        /** The geometric middle of the histogram bucket holding the q-th latency; null without attempts. */
        private Long percentile(double q) {
            long total = latencies.values().stream().mapToLong(Long::longValue).sum();
            if (total <= 0) {
                return null;
            }
            long rank = (long) Math.ceil(q * total);
            long seen = 0;
            for (var entry : latencies.entrySet()) {
                seen += entry.getValue();
                if (seen >= rank) {
                    return Math.round(Math.expm1((entry.getKey() + 0.5) / HISTOGRAM_STEPS_PER_E));
                }
            }
            return Math.round(Math.expm1((latencies.lastKey() + 0.5) / HISTOGRAM_STEPS_PER_E));
        }
    }
}
