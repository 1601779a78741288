package io.hookflow.events.control;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.hookflow.platform.control.Timestamps;

/**
 * Bulk replay: every record of the team that the event list's filter matches becomes pending and due now, as a
 * manual retry makes one. Walks the matches in id order in short transactions of {@link ReplayBatches#SIZE}
 * records, so a million matches never hold one huge transaction or lock.
 *
 * <p>Two replays of the same filter at once never send a record twice: rows another transaction holds are
 * skipped ({@code SKIP LOCKED}), a record already due or leased stays as it is, and a record changed since this
 * replay began (replayed by the other one, maybe delivered already) is left alone.
 */
@ApplicationScoped
public class EventReplay {

    @Inject
    ReplayBatches batches;

    /** The number of records made due. */
    public long replay(EventFilter filter, String user) {
        Instant began = Timestamps.now();
        long replayed = 0;
        Optional<String> after = Optional.empty();
        ReplayBatches.Batch batch;
        do {
            batch = batches.replay(filter, after, began, user);
            replayed += batch.replayed();
            after = batch.lastId();
        } while (batch.full());
        return replayed;
    }
}
