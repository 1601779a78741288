package io.hookflow.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Id;

import io.hookflow.delivery.entity.DeliveryAttempt;
import io.hookflow.platform.control.ArrayColumn;
import org.junit.jupiter.api.Test;

/**
 * The one-statement ledger insert writes what Hibernate would: every mapped column, each bound from the field that
 * column maps (a column left out, or two values swapped, would show on PostgreSQL alone).
 */
class AttemptInsertsTest {

    private static final DeliveryAttempt ATTEMPT = new DeliveryAttempt("webhook", "work-1", 3, false,
            new DeliveryAttempt.Exchange("POST", "http://127.0.0.1:9/hook", Map.of("Content-Type", List.of("application/json")),
                    503, "busy", "HTTP 503", 42, Instant.parse("2026-12-06T21:00:00.123456Z")))
            .forWebhook(new DeliveryAttempt.WebhookReference("5eb7cf5a86d9755df3a6c593", "evt-1", "5eb7cf5a86d9755df3a6c594",
                    "team-1", "workflow_run_completed", "alice"));

    @Test
    void theStatementInsertsEveryColumnTheEntityMapsOnce() {
        assertThat(AttemptInserts.COLUMNS).extracting(ArrayColumn::name)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(mappedFields().keySet());
        assertThat(AttemptInserts.SQL).startsWith("INSERT INTO delivery_attempts (id, kind, ")
                .contains(" FROM unnest(?::varchar[]::varchar[], ")
                .contains("(TIMESTAMPTZ 'epoch' + a.started_at * INTERVAL '1 microsecond')");
    }

    @Test
    void eachColumnIsBoundFromTheFieldItMaps() throws IllegalAccessException {
        var fields = mappedFields();
        for (ArrayColumn<DeliveryAttempt> column : AttemptInserts.COLUMNS) {
            Field field = fields.get(column.name());
            field.setAccessible(true);
            Object stored = field.get(ATTEMPT);

            Object bound = column.value().apply(ATTEMPT);

            if (stored instanceof Instant instant) {
                assertThat(column.time()).as(column.name()).isTrue();
                assertThat(Instant.EPOCH.plus((Long) bound, ChronoUnit.MICROS)).as(column.name()).isEqualTo(instant);
            } else {
                assertThat(bound).as(column.name()).isEqualTo(stored);
            }
        }
    }

    @Test
    void theSampleAttemptFillsEveryColumnSoThatASwapWouldShow() throws IllegalAccessException {
        for (Field field : mappedFields().values()) {
            field.setAccessible(true);
            assertThat(field.get(ATTEMPT)).as(field.getName()).isNotNull();
        }
    }

    private static Map<String, Field> mappedFields() {
        return Arrays.stream(DeliveryAttempt.class.getDeclaredFields())
                .filter(field -> field.isAnnotationPresent(Column.class) || field.isAnnotationPresent(Id.class))
                .collect(Collectors.toMap(AttemptInsertsTest::column, field -> field));
    }

    private static String column(Field field) {
        Column column = field.getAnnotation(Column.class);
        return column != null && !column.name().isEmpty() ? column.name()
                : field.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }
}
