package io.hookflow.events.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import io.hookflow.delivery.entity.Lease;
import io.hookflow.events.entity.EventRecord;
import io.hookflow.platform.control.ArrayColumn;
import io.hookflow.subscriptions.entity.WorkflowAction;
import org.junit.jupiter.api.Test;

/**
 * The one-statement insert of a publication's records writes what Hibernate would: every mapped column once, each
 * from the field that column maps (a column left out, or two values swapped, would show on PostgreSQL alone).
 */
class RecordInsertsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T23:00:00.123456Z");

    private static EventRecord.Publication publication(String eventId) {
        return new EventRecord.Publication(eventId, WorkflowAction.WORKFLOW_RUN_COMPLETED, "64b7f0c2a1b2c3d4e5f60718",
                "Billing Sync", "run-1", "succeeded", Map.of("order", 42), "key-1");
    }

    private static List<EventRecord> records(String eventId, String... subscriptionIds) {
        return EventRecord.of(publication(eventId), List.of(subscriptionIds), "team-1", "alice", NOW);
    }

    @Test
    void theStatementInsertsEveryColumnTheEntityMapsOnce() {
        assertThat(Stream.concat(RecordInserts.EACH.stream(), RecordInserts.SHARED.stream()).map(ArrayColumn::name))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(mappedFields().keySet());
        assertThat(RecordInserts.SQL)
                .startsWith("INSERT INTO event_records (id, subscription_id, event_id, team_id, ")
                .contains(" FROM unnest(?::varchar[]::varchar[], ?::varchar[]::varchar[]) AS r(id, subscription_id)")
                .contains("?::varchar::jsonb")
                .contains("(TIMESTAMPTZ 'epoch' + ?::varchar::int8 * INTERVAL '1 microsecond')");
        assertThat(RecordInserts.SQL.chars().filter(c -> c == '?').count())
                .isEqualTo(RecordInserts.EACH.size() + RecordInserts.SHARED.size());
    }

    @Test
    void eachColumnIsBoundFromTheFieldItMaps() throws IllegalAccessException {
        EventRecord record = records("evt-1", "5eb7cf5a86d9755df3a6c593").get(0);
        Map<String, Object> distinct = fillEveryFieldWithItsOwnValue(record);

        for (var column : Stream.concat(RecordInserts.EACH.stream(), RecordInserts.SHARED.stream()).toList()) {
            assertThat(column.text(record)).as(column.name()).isEqualTo(asBound(distinct.get(column.name()), column));
        }
    }

    @Test
    void theRecordsOfOnePublicationDifferOnlyInTheirIdAndSubscription() {
        var records = records("evt-1", "5eb7cf5a86d9755df3a6c593", "5eb7cf5a86d9755df3a6c594", "5eb7cf5a86d9755df3a6c595");

        assertThat(RecordInserts.ofOnePublication(records)).isTrue();
        for (var column : RecordInserts.SHARED) {
            assertThat(records).extracting(column::text).as(column.name()).containsOnly(column.text(records.get(0)));
        }
        for (var column : RecordInserts.EACH) {
            assertThat(records).extracting(column::text).as(column.name()).doesNotHaveDuplicates();
        }
    }

    @Test
    void recordsOfTwoPublicationsAreNotWrittenAsOne() {
        var mixed = new ArrayList<>(records("evt-1", "5eb7cf5a86d9755df3a6c593"));
        mixed.addAll(records("evt-2", "5eb7cf5a86d9755df3a6c594"));

        assertThat(RecordInserts.ofOnePublication(mixed)).isFalse();
        assertThatThrownBy(() -> new RecordInserts().write(mixed)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Sets every mapped field to a value no other field has, so that a column bound from the wrong one shows. */
    private static Map<String, Object> fillEveryFieldWithItsOwnValue(EventRecord record) throws IllegalAccessException {
        Map<String, Object> values = new LinkedHashMap<>();
        int n = 0;
        for (var entry : mappedFields().entrySet()) {
            Field field = entry.getValue();
            field.setAccessible(true);
            Object owner = field.getDeclaringClass() == Lease.class ? record.lease() : record;
            n++;
            Object value = field.get(owner);
            Class<?> type = field.getType();
            if (type == String.class) {
                value = "value-" + n;
            } else if (type == Instant.class) {
                value = NOW.plus(n, ChronoUnit.HOURS).plus(n, ChronoUnit.MICROS);
            } else if (type == int.class || type == Integer.class) {
                value = 1000 + n;
            } else if (type == long.class) {
                value = 100_000L + n;
            }
            field.set(owner, value);
            values.put(entry.getKey(), value);
        }
        return values;
    }

    private static String asBound(Object stored, ArrayColumn<EventRecord> column) {
        if (stored instanceof Instant instant) {
            assertThat(column.time()).as(column.name()).isTrue();
            return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
        }
        return stored instanceof Enum<?> e ? e.name() : String.valueOf(stored);
    }

    /** Every column Hibernate writes for the entity, the embedded lease's included. */
    private static Map<String, Field> mappedFields() {
        Map<String, Field> fields = new LinkedHashMap<>();
        for (Class<?> type : List.of(EventRecord.class, Lease.class)) {
            for (Field field : type.getDeclaredFields()) {
                if (field.isAnnotationPresent(Column.class) || field.isAnnotationPresent(Id.class)
                        || field.isAnnotationPresent(Version.class)) {
                    fields.put(column(field), field);
                }
            }
        }
        return fields;
    }

    private static String column(Field field) {
        Column column = field.getAnnotation(Column.class);
        return column != null && !column.name().isEmpty() ? column.name()
                : field.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }
}
