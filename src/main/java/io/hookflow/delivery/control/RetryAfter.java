package io.hookflow.delivery.control;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} value: delay-seconds or an HTTP-date (RFC 9110, section 10.2.3). A wait
 * longer than {@link #LONGEST} is read as that: any backoff's cap is shorter, and no duration arithmetic overflows.
 */
final class RetryAfter {

    static final Duration LONGEST = Duration.ofDays(1);

    private RetryAfter() {
    }

    static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            if (trimmed.length() > 9) {
                return Optional.of(LONGEST);
            }
            return Optional.of(atMostLongest(Duration.ofSeconds(Long.parseLong(trimmed))));
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : atMostLongest(wait));
        } catch (DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static Duration atMostLongest(Duration wait) {
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }
}
