package io.hookflow.events.boundary;

import java.util.List;

/** The seed's list response: one page of events and the number of all that match. */
public record EventPage(List<EventView> events, long total) {
}
