package io.hookflow.flows.control;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import io.hookflow.flows.entity.Schedule;

/** Five-field (Unix) cron expressions read in a time zone: is one valid, and when is it next due. */
public final class CronSchedules {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private CronSchedules() {
    }

    /** Why the cron expression is not a five-field cron, if it is not. */
    public static Optional<String> cronProblem(String cron) {
        if (cron == null || cron.isBlank()) {
            return Optional.of("is required: five fields, minute hour day-of-month month day-of-week");
        }
        if (cron.trim().split("\\s+").length != 5) {
            return Optional.of("must have five fields (minute hour day-of-month month day-of-week), not "
                    + cron.trim().split("\\s+").length);
        }
        try {
            PARSER.parse(cron.trim()).validate();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("is not a valid cron expression: " + e.getMessage());
        }
    }

    /** Why the time zone is not one, if it is not. */
    public static Optional<String> timezoneProblem(String timezone) {
        try {
            ZoneId.of(timezone);
            return Optional.empty();
        } catch (DateTimeException | NullPointerException e) {
            return Optional.of("is not a known time zone (an IANA id such as Europe/Berlin, or UTC)");
        }
    }

    /** The first due time strictly after {@code after}; empty if the expression never fires again. */
    public static Optional<Instant> nextAfter(Schedule schedule, Instant after) {
        Cron cron = PARSER.parse(schedule.cron().trim());
        ZonedDateTime from = after.atZone(ZoneId.of(schedule.timezone()));
        return ExecutionTime.forCron(cron).nextExecution(from).map(ZonedDateTime::toInstant);
    }
}
