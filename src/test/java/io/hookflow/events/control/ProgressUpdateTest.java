package io.hookflow.events.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import io.hookflow.events.entity.EventRecord;
import io.hookflow.events.entity.EventStatus;
import org.junit.jupiter.api.Test;

/**
 * The one-statement booking writes what Hibernate would: a column the entity maps as updatable but the statement
 * leaves out would be lost on PostgreSQL alone.
 */
class ProgressUpdateTest {

    private static final Pattern SET_COLUMN = Pattern.compile("(\\w+) = (?:\\(TIMESTAMPTZ 'epoch' \\+ )?p\\.\\1\\b");
    private static final Pattern ROW_COLUMNS = Pattern.compile("AS p\\(([^)]+)\\)");

    @Test
    void theStatementSetsEveryColumnTheEntityMayChangeAndNoOther() {
        String setClause = ProgressUpdate.SQL.substring(ProgressUpdate.SQL.indexOf(" SET "), ProgressUpdate.SQL.indexOf("FROM "));
        List<String> set = SET_COLUMN.matcher(setClause).results().map(m -> m.group(1)).sorted().toList();

        assertThat(set).containsExactlyElementsOf(updatableColumns(EventRecord.class).sorted().toList());
    }

    @Test
    void theStatementsRowsNameTheProgressComponentsInTheirOrder() {
        var matcher = ROW_COLUMNS.matcher(ProgressUpdate.SQL);
        assertThat(matcher.find()).isTrue();
        List<String> rowColumns = Arrays.stream(matcher.group(1).split(",")).map(String::trim).toList();

        assertThat(rowColumns).containsExactlyElementsOf(Arrays.stream(EventRecord.Progress.class.getRecordComponents())
                .map(RecordComponent::getName).map(ProgressUpdateTest::snakeCase).toList());
    }

    @Test
    void eachColumnIsBoundFromTheProgressComponentOfItsName() throws ReflectiveOperationException {
        var at = Instant.parse("2026-12-06T23:00:00Z");
        var progress = new EventRecord.Progress("5eb7cf5a86d9755df3a6c593", 7, io.hookflow.events.entity.EventStatus.FAILED, 3,
                at.plusSeconds(1), at.plusSeconds(2), at.plusSeconds(3), 503, "HTTP 503", "search", at.plusSeconds(4),
                "node-1", at.plusSeconds(5), "alice", at.plusSeconds(6));
        for (var column : ProgressUpdate.COLUMNS) {
            RecordComponent component = Arrays.stream(EventRecord.Progress.class.getRecordComponents())
                    .filter(c -> snakeCase(c.getName()).equals(column.name())).findFirst().orElseThrow();
            Object expected = component.getAccessor().invoke(progress);

            Object bound = column.value().apply(progress);
            if (expected instanceof java.time.Instant instant) {
                assertThat(column.time()).as(column.name()).isTrue();
                assertThat(java.time.Instant.EPOCH.plus((Long) bound, java.time.temporal.ChronoUnit.MICROS)).as(column.name()).isEqualTo(instant);
            } else {
                assertThat(String.valueOf(bound)).as(column.name())
                        .isEqualTo(expected instanceof Enum<?> e ? e.name() : String.valueOf(expected));
            }
        }
    }

    @Test
    void rowsAreWrittenInIdOrderWhateverOrderTheirDeliveriesFinishedIn() {
        var at = Instant.parse("2026-12-06T23:00:00Z");
        List<EventRecord.Progress> finished = Stream.of("5eb7cf5a86d9755df3a6c5c3", "5eb7cf5a86d9755df3a6c5a1", "5eb7cf5a86d9755df3a6c5b2")
                .map(id -> new EventRecord.Progress(id, 1, EventStatus.DELIVERED, 1, null, at, at, 200,
                        null, "search", null, null, null, "engine", at))
                .toList();

        assertThat(ProgressUpdate.inLockOrder(finished)).extracting(EventRecord.Progress::id)
                .containsExactly("5eb7cf5a86d9755df3a6c5a1", "5eb7cf5a86d9755df3a6c5b2", "5eb7cf5a86d9755df3a6c5c3");
    }

    private static Stream<String> updatableColumns(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields()).flatMap(field -> {
            if (field.isAnnotationPresent(Embedded.class)) {
                return updatableColumns(field.getType());
            }
            Column column = field.getAnnotation(Column.class);
            if (column == null || !column.updatable() || field.isAnnotationPresent(Id.class)
                    || field.isAnnotationPresent(Version.class)) {
                return Stream.empty();
            }
            return Stream.of(column.name().isEmpty() ? snakeCase(field.getName()) : column.name());
        });
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }
}
