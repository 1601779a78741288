package io.hookflow.events.control;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.hookflow.events.entity.EventRecord;

/**
 * Publishes workflow events, idempotently per subscription and dedupe key even when identical publishes
 * race: the transaction that loses a race on the unique key is rolled back as a whole and run again, and the
 * new run finds the winner's records. Deliberately not transactional itself, so each try is a fresh transaction.
 */
@ApplicationScoped
public class Publisher {

    static final int MAX_TRIES = 5;
    private static final Logger LOG = Logger.getLogger(Publisher.class.getName());

    @Inject
    FanOut fanOut;

    public Published publish(String teamId, EventRecord.Publication publication, String user) {
        for (int attempt = 1; ; attempt++) {
            try {
                return fanOut.publish(teamId, publication, user);
            } catch (RuntimeException e) {
                if (attempt >= MAX_TRIES || !DuplicateKeys.isRetryable(e)) {
                    throw e;
                }
                int tried = attempt;
                LOG.log(Level.FINE, e, () -> "Publish of event " + publication.eventId() + " lost a race on try "
                        + tried + "; running it again");
            }
        }
    }
}
