package io.hookflow.platform.control;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A half-open time range {@code [start, end)} taken from {@code start}/{@code end} query parameters. Either
 * end may be open. Accepts what the modelled FastAPI service accepts for a datetime: ISO 8601 with {@code Z}
 * or an offset, without a zone (read as UTC), a space instead of {@code T}, or a bare date (midnight UTC).
 */
public record TimeWindow(Optional<Instant> start, Optional<Instant> end) {

    public static final TimeWindow ALWAYS = new TimeWindow(Optional.empty(), Optional.empty());

    // a "+02:00" offset sent unencoded in a query string arrives as " 02:00"
    private static final Pattern DECODED_PLUS = Pattern.compile("^(.*T.*\\d) (\\d{2}(:?\\d{2})?)$");

    public TimeWindow {
        if (start.isPresent() && end.isPresent() && start.get().isAfter(end.get())) {
            throw new IllegalArgumentException("start is after end");
        }
    }

    /** The window the query parameters name; a 422 naming the parameter when one is unreadable or they are reversed. */
    public static TimeWindow fromQuery(String start, String end) {
        Optional<Instant> from = parse("start", start);
        Optional<Instant> to = parse("end", end);
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new Invalid(FieldError.query("start", "start must not be after end", "value_error"));
        }
        return new TimeWindow(from, to);
    }

    static Optional<Instant> parse(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.strip();
        if (text.length() > 10 && text.charAt(10) == ' ') {
            text = text.substring(0, 10) + 'T' + text.substring(11);
        }
        text = DECODED_PLUS.matcher(text).replaceFirst("$1+$2");
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException notLocal) {
                try {
                    return Optional.of(LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC));
                } catch (DateTimeParseException notDate) {
                    throw new Invalid(FieldError.query(parameter,
                            "must be an ISO 8601 date-time such as 2023-11-07T05:31:56Z", "datetime_parsing"));
                }
            }
        }
    }
}
