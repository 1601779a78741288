package io.hookflow.events.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where an event record stands: {@code pending} until the first attempt, then retrying or final. */
public enum EventStatus {
    PENDING,
    RETRYING,
    DELIVERED,
    FAILED;

    /** The wire names as one regular expression, for Bean Validation on query parameters. */
    public static final String WIRE_NAMES = "pending|retrying|delivered|failed";
    public static final String WIRE_NAMES_MESSAGE = "must be one of pending, retrying, delivered, failed";

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == DELIVERED || this == FAILED;
    }

    public static Optional<EventStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst();
    }
}
