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
