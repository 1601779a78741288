package io.hookflow.events.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.hookflow.delivery.entity.Lease;
import io.hookflow.subscriptions.entity.WorkflowAction;
import org.junit.jupiter.api.Test;

class EventRecordTest {

    private static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");

    private static EventRecord record() {
        var publication = new EventRecord.Publication("evt-1", WorkflowAction.WORKFLOW_CREATED, "64b7f0c2a1b2c3d4e5f60718",
                "Billing Sync", "Run-1", "succeeded", Map.of("a", 1), "Key-1");
        return EventRecord.of(publication, List.of("5eb7cf5a86d9755df3a6c593"), "team", "alice", NOW).get(0);
    }

    @Test
    void aNewRecordIsPendingAndDueAtOnce() {
        var record = record();
        assertThat(record.status()).isEqualTo(EventStatus.PENDING);
        assertThat(record.dueAt()).isEqualTo(NOW);
        assertThat(record.createdBy()).isEqualTo("alice");
    }

    @Test
    void aManualRetryMakesAFailedRecordPendingAndDueNowKeepingItsHistory() {
        var record = record();
        record.recordAttempt(500, "HTTP 500", NOW);
        record.fail("HTTP 500", null, NOW);
        Instant later = NOW.plusSeconds(60);

        record.retryNow("bob", later);

        assertThat(record.status()).isEqualTo(EventStatus.PENDING);
        assertThat(record.dueAt()).isEqualTo(later);
        assertThat(record.nextRetryAt()).isNull();
        assertThat(record.attemptsCount()).isEqualTo(1);
        assertThat(record.lastError()).isEqualTo("HTTP 500");
        assertThat(record.updatedBy()).isEqualTo("bob");
    }

    @Test
    void deletingTheSubscriptionFailsAnUndeliveredRecordAndMakesTheReasonSearchable() {
        var record = record();
        record.scheduleRetry(NOW.plusSeconds(10), NOW);

        record.abandonBecauseSubscriptionDeleted("bob", NOW.plusSeconds(1));

        assertThat(record.status()).isEqualTo(EventStatus.FAILED);
        assertThat(record.lastError()).isEqualTo("subscription was deleted");
        assertThat(record.dueAt()).isNull();
        assertThat(record.nextRetryAt()).isNull();
    }

    @Test
    void searchValuesSharedWithOtherRecordsFollowTheLastErrorApartFromTheRecordsOwnIds() throws ReflectiveOperationException {
        var record = record();
        assertThat(record.progress().searchFacets()).isEqualTo("billing sync\n64b7f0c2a1b2c3d4e5f60718");

        record.recordAttempt(503, "HTTP 503 Gateway", NOW);

        assertThat(record.progress().searchFacets()).isEqualTo("billing sync\n64b7f0c2a1b2c3d4e5f60718\nhttp 503 gateway");
        Field ids = EventRecord.class.getDeclaredField("searchIds");
        ids.setAccessible(true);
        assertThat(ids.get(record)).isEqualTo("evt-1\nrun-1\nkey-1");
    }

    @Test
    void deletingTheSubscriptionLeavesADeliveredRecordAlone() {
        var record = record();
        record.markDelivered(NOW.plusSeconds(1));

        record.abandonBecauseSubscriptionDeleted("bob", NOW.plusSeconds(2));

        assertThat(record.status()).isEqualTo(EventStatus.DELIVERED);
        assertThat(record.lastError()).isNull();
    }

    @Test
    void thePayloadReadsBackAsTheObjectThatWasPublished() {
        var payload = record().payload();
        assertThat(payload.getInt("a")).isEqualTo(1);
        assertThat(payload.keySet()).containsExactly("a");
    }

    @Test
    void aRepeatPublicationCanTakeOverTheFirstEventId() {
        var publication = new EventRecord.Publication("new", WorkflowAction.WORKFLOW_CREATED, "64b7f0c2a1b2c3d4e5f60718",
                "n", null, null, null, "k");
        assertThat(publication.withEventId("first").eventId()).isEqualTo("first");
        assertThat(publication.withEventId("first").payload()).isEmpty();
    }

    @Test
    void aWorkflowIdMustBeAnObjectId() {
        assertThatThrownBy(() -> new EventRecord.Publication("e", WorkflowAction.WORKFLOW_CREATED, "nope", "n", null, null,
                null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBookingCopyHoldsEveryColumnButThePayloadAndChangesNothingOfTheRecordWhenBookedOn() throws IllegalAccessException {
        var record = record();
        record.recordAttempt(503, "HTTP 503", NOW);
        record.scheduleRetry(NOW.plusSeconds(30), NOW);
        record.heldAsLeased("node-1", NOW.plusSeconds(60));
        setField(record, "deliveredAt", NOW); // no booking leaves every column set: so that a column not copied shows
        setField(record, "version", 7L);

        var copy = record.bookingCopy();

        for (Field field : EventRecord.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) || field.getType() == Lease.class || field.getName().equals("payload")) {
                continue;
            }
            field.setAccessible(true);
            assertThat(field.get(copy)).as(field.getName()).isEqualTo(field.get(record)).isNotNull();
        }
        assertThat(copy.payloadJson()).isEqualTo("{}"); // what a record without a payload reads as
        assertThat(record.payloadJson()).isEqualTo("{\"a\":1}");
        assertThat(copy.progress()).isEqualTo(record.progress());
        var before = record.progress();
        copy.recordAttempt(200, null, NOW.plusSeconds(61));
        copy.markDelivered(NOW.plusSeconds(61));
        assertThat(record.progress()).isEqualTo(before);
        assertThat(record.lease().heldBy("node-1", NOW.plusSeconds(60))).isTrue();
    }

    private static void setField(EventRecord record, String name, Object value) throws IllegalAccessException {
        try {
            Field field = EventRecord.class.getDeclaredField(name);
            field.setAccessible(true);
            field.set(record, value);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRecordHeldAsLeasedCarriesTheLeaseAndTheVersionTheClaimsStatementWrote() {
        var record = record();
        long version = record.progress().version();

        record.heldAsLeased("node-1", NOW.plusSeconds(60));

        assertThat(record.progress().version()).isEqualTo(version + 1);
        assertThat(record.lease().heldBy("node-1", NOW.plusSeconds(60))).isTrue();
    }
}
