package io.hookflow.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.hookflow.flows.control.CronSchedules;
import io.hookflow.flows.entity.Schedule;
import org.junit.jupiter.api.Test;

class CronSchedulesTest {

    @Test
    void everyMinuteIsDueAtTheNextWholeMinute() {
        assertThat(CronSchedules.nextAfter(new Schedule("* * * * *", "UTC"), Instant.parse("2024-05-01T12:00:30Z")))
                .contains(Instant.parse("2024-05-01T12:01:00Z"));
        assertThat(CronSchedules.nextAfter(new Schedule("* * * * *", "UTC"), Instant.parse("2024-05-01T12:01:00Z")))
                .contains(Instant.parse("2024-05-01T12:02:00Z"));
    }

    @Test
    void theExpressionIsReadInTheFlowsTimeZoneAcrossDaylightSaving() {
        var nineInBerlin = new Schedule("0 9 * * *", "Europe/Berlin");
        assertThat(CronSchedules.nextAfter(nineInBerlin, Instant.parse("2024-01-15T07:00:00Z")))
                .contains(Instant.parse("2024-01-15T08:00:00Z"));
        assertThat(CronSchedules.nextAfter(nineInBerlin, Instant.parse("2024-07-15T06:00:00Z")))
                .contains(Instant.parse("2024-07-15T07:00:00Z"));
    }

    @Test
    void stepsRangesAndWeekdaysWork() {
        assertThat(CronSchedules.nextAfter(new Schedule("*/15 * * * *", null), Instant.parse("2024-05-01T12:16:00Z")))
                .contains(Instant.parse("2024-05-01T12:30:00Z"));
        // 2024-05-03 is a Friday; the next Monday 08:00 is 2024-05-06
        assertThat(CronSchedules.nextAfter(new Schedule("0 8 * * 1", "UTC"), Instant.parse("2024-05-03T09:00:00Z")))
                .contains(Instant.parse("2024-05-06T08:00:00Z"));
    }

    @Test
    void onlyFiveFieldCronsAndKnownZonesAreAccepted() {
        assertThat(CronSchedules.cronProblem("*/5 * * * *")).isEmpty();
        assertThat(CronSchedules.cronProblem("0 */5 * * * *")).hasValueSatisfying(p -> assertThat(p).contains("five fields"));
        assertThat(CronSchedules.cronProblem("61 * * * *")).hasValueSatisfying(p -> assertThat(p).contains("not a valid cron"));
        assertThat(CronSchedules.cronProblem("every minute")).isPresent();
        assertThat(CronSchedules.cronProblem(" ")).isPresent();
        assertThat(CronSchedules.timezoneProblem("Europe/Berlin")).isEmpty();
        assertThat(CronSchedules.timezoneProblem("Mars/Olympus")).isPresent();
    }
}
