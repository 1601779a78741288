package io.hookflow.events.control;

import java.util.Optional;

import io.hookflow.platform.control.TimeWindow;

/** Which attempts of one published event (by its external {@code event_id}) a caller lists. */
public record AttemptFilter(String teamId, String eventId, Optional<String> search, TimeWindow window, int page,
                            int size) {
}
