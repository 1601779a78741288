package io.hookflow.events.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import jakarta.persistence.PersistenceException;

import org.junit.jupiter.api.Test;

class DuplicateKeysTest {

    @Test
    void aUniqueViolationDeepInTheCauseChainIsRetryable() {
        var failure = new PersistenceException("flush failed", new SQLException("duplicate key", "23505"));
        assertThat(DuplicateKeys.isRetryable(failure)).isTrue();
    }

    @Test
    void aUniqueViolationBehindABatchUpdateIsRetryable() {
        var batch = new BatchUpdateException("batch failed", "23000", new int[0]);
        batch.setNextException(new SQLException("duplicate key", "23505"));
        assertThat(DuplicateKeys.isRetryable(new PersistenceException(batch))).isTrue();
    }

    @Test
    void aDeadlockIsRetryable() {
        assertThat(DuplicateKeys.isRetryable(new RuntimeException(new SQLException("deadlock", "40P01")))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DuplicateKeys.isRetryable(new PersistenceException(new SQLException("too long", "22001")))).isFalse();
        assertThat(DuplicateKeys.isRetryable(new IllegalStateException("boom"))).isFalse();
    }
}
