package io.hookflow.events.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import io.hookflow.platform.control.TimeWindow;
import org.junit.jupiter.api.Test;

class WholeDaysTest {

    private static TimeWindow window(String start, String end) {
        return new TimeWindow(Optional.ofNullable(start).map(Instant::parse), Optional.ofNullable(end).map(Instant::parse));
    }

    @Test
    void anOpenWindowIsAllWholeDays() {
        var days = EventSearch.WholeDays.within(TimeWindow.ALWAYS).orElseThrow();

        assertThat(days.from()).isEmpty();
        assertThat(days.to()).isEmpty();
        assertThat(days.headStart()).isEmpty();
        assertThat(days.tailEnd()).isEmpty();
    }

    @Test
    void partialDaysAtBothEdgesAreSplitOff() {
        var days = EventSearch.WholeDays.within(window("2024-01-01T12:00:00Z", "2024-01-05T06:00:00Z")).orElseThrow();

        assertThat(days.from()).contains(LocalDate.parse("2024-01-02"));
        assertThat(days.to()).contains(LocalDate.parse("2024-01-05"));
        assertThat(days.headStart()).contains(Instant.parse("2024-01-01T12:00:00Z"));
        assertThat(days.tailEnd()).contains(Instant.parse("2024-01-05T06:00:00Z"));
    }

    @Test
    void boundsAtMidnightLeaveNoPartialDays() {
        var days = EventSearch.WholeDays.within(window("2024-01-01T00:00:00Z", "2024-01-03T00:00:00Z")).orElseThrow();

        assertThat(days.from()).contains(LocalDate.parse("2024-01-01"));
        assertThat(days.to()).contains(LocalDate.parse("2024-01-03"));
        assertThat(days.headStart()).isEmpty();
        assertThat(days.tailEnd()).isEmpty();
    }

    @Test
    void aWindowWithoutAWholeDayHasNoneToOffer() {
        assertThat(EventSearch.WholeDays.within(window("2024-01-01T01:00:00Z", "2024-01-02T23:00:00Z"))).isEmpty();
        assertThat(EventSearch.WholeDays.within(window("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void anOpenEndKeepsItsStartEdge() {
        var days = EventSearch.WholeDays.within(window("2024-01-01T00:00:01Z", null)).orElseThrow();

        assertThat(days.from()).contains(LocalDate.parse("2024-01-02"));
        assertThat(days.to()).isEmpty();
        assertThat(days.headStart()).contains(Instant.parse("2024-01-01T00:00:01Z"));
    }
}
