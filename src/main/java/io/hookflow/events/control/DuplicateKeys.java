package io.hookflow.events.control;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells a lost race on a unique key (or a deadlock between such races) from any other failure, on
 * PostgreSQL and H2 alike, by the SQLSTATE somewhere in the cause chain.
 */
final class DuplicateKeys {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final Set<String> RETRYABLE = Set.of(UNIQUE_VIOLATION, "40001", "40P01");

    private DuplicateKeys() {
    }

    /** Whether running the same transaction again can succeed: another one committed the same key first. */
    static boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (RETRYABLE.contains(e.getSQLState())) {
                        return true;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
