package io.hookflow.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeWindowTest {

    @ParameterizedTest
    @CsvSource({
            "2023-11-07T05:31:56Z, 2023-11-07T05:31:56Z",
            "2023-11-07T05:31:56.123Z, 2023-11-07T05:31:56.123Z",
            "2023-11-07T07:31:56+02:00, 2023-11-07T05:31:56Z",
            "2023-11-07T07:31:56 02:00, 2023-11-07T05:31:56Z",
            "2023-11-07T05:31:56, 2023-11-07T05:31:56Z",
            "2023-11-07 05:31:56, 2023-11-07T05:31:56Z",
            "2023-11-07, 2023-11-07T00:00:00Z"})
    void readsTheDateTimeFormsAFastApiClientSends(String text, String expected) {
        assertThat(TimeWindow.fromQuery(text, null).start()).contains(Instant.parse(expected));
    }

    @Test
    void absentOrBlankBoundsLeaveTheWindowOpen() {
        assertThat(TimeWindow.fromQuery(null, " ")).isEqualTo(TimeWindow.ALWAYS);
    }

    @Test
    void anUnreadableBoundIsA422NamingItsParameter() {
        assertThatThrownBy(() -> TimeWindow.fromQuery(null, "tomorrow"))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.fieldErrors().get(0).loc()).containsExactly("query", "end"));
    }

    @Test
    void aStartAfterTheEndIsA422NamingStart() {
        assertThatThrownBy(() -> TimeWindow.fromQuery("2024-01-02T00:00:00Z", "2024-01-01T00:00:00Z"))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.fieldErrors().get(0).loc())
                        .containsExactly("query", "start"));
    }

    @Test
    void anEmptyWindowWhereStartEqualsEndIsAllowed() {
        var window = TimeWindow.fromQuery("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
        assertThat(window.start()).isEqualTo(window.end());
    }

    @Test
    void aReversedWindowCannotBeBuiltInCode() {
        assertThatThrownBy(() -> new TimeWindow(Optional.of(Instant.EPOCH.plusSeconds(1)), Optional.of(Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
