package io.hookflow.events.control;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.hookflow.platform.control.TimeWindow;

/**
 * The window a stats call covers, widened to whole minutes (the rollup's grain), and the size of its series
 * buckets: the smallest of a few round sizes that gives at most {@link #MAX_BUCKETS} buckets, so the default
 * day is hourly and an hour is per minute.
 */
public record StatsWindow(Instant start, Instant end, Duration bucket) {

    static final Duration DEFAULT_LENGTH = Duration.ofHours(24);
    static final int MAX_BUCKETS = 60;
    private static final List<Duration> SIZES = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(7));

    /** Open ends: the end is now, the start a day before the end. */
    public static StatsWindow of(TimeWindow asked, Instant now) {
        Instant end = ceilMinute(asked.end().orElse(now));
        Instant start = asked.start().orElse(end.minus(DEFAULT_LENGTH)).truncatedTo(ChronoUnit.MINUTES);
        if (!start.isBefore(end)) {
            end = start.plus(Duration.ofMinutes(1));
        }
        long seconds = Duration.between(start, end).toSeconds();
        Duration bucket = SIZES.stream().filter(size -> seconds <= size.toSeconds() * MAX_BUCKETS).findFirst()
                .orElseGet(() -> Duration.ofDays((seconds / MAX_BUCKETS + 86_399) / 86_400));
        return new StatsWindow(start, end, bucket);
    }

    public int buckets() {
        return (int) ((Duration.between(start, end).toSeconds() + bucket.toSeconds() - 1) / bucket.toSeconds());
    }

    /** The bucket an instant inside the window falls in. */
    int bucketOf(Instant at) {
        return (int) (Duration.between(start, at).toSeconds() / bucket.toSeconds());
    }

    Instant bucketStart(int index) {
        return start.plus(bucket.multipliedBy(index));
    }

    private static Instant ceilMinute(Instant at) {
        Instant floor = at.truncatedTo(ChronoUnit.MINUTES);
        return floor.equals(at) ? at : floor.plus(Duration.ofMinutes(1));
    }
}
