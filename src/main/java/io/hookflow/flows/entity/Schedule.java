package io.hookflow.flows.entity;

/** When a flow starts by itself: a five-field cron expression read in a time zone (an IANA id such as {@code Europe/Berlin}). */
public record Schedule(String cron, String timezone) {

    public static final String DEFAULT_TIMEZONE = "UTC";

    public Schedule {
        timezone = timezone == null || timezone.isBlank() ? DEFAULT_TIMEZONE : timezone;
    }
}
