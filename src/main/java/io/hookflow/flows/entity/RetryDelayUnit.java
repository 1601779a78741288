package io.hookflow.flows.entity;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The unit of a flow's {@code retry_delay}. */
public enum RetryDelayUnit implements WireEnum {
    SECONDS(ChronoUnit.SECONDS),
    MINUTES(ChronoUnit.MINUTES),
    HOURS(ChronoUnit.HOURS),
    DAYS(ChronoUnit.DAYS);

    private final ChronoUnit unit;

    RetryDelayUnit(ChronoUnit unit) {
        this.unit = unit;
    }

    @Override
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Duration times(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("a retry delay is never negative");
        }
        return Duration.of(amount, unit);
    }
}
