package io.hookflow.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;

/** Version 36 on an H2 database that holds credentials stored in plain text before encryption existed. */
class SealStoredSecretsTest {

    private static final String URL = "jdbc:h2:mem:seal-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Test
    void plaintextCredentialsAreEncryptedAndReadBackUnchanged() throws SQLException {
        Flyway.configure().dataSource(URL, "sa", "").locations("filesystem:sql/common", "filesystem:sql/h2")
                .placeholders(Map.of("json_type", "json")).target("35").load().migrate();
        UUID flow = UUID.randomUUID();
        try (Connection db = DriverManager.getConnection(URL, "sa", "")) {
            db.createStatement().execute("""
                    INSERT INTO subscriptions (id, team_id, name, url, enabled, bearer_token, secret, previous_secret,
                      timeout_seconds, max_retries, retry_backoff_seconds, created_at, updated_at, version)
                    VALUES ('5eb7cf5a86d9755df3a6c593', 't', 'n', 'https://example.org', TRUE, 'bt-plain', 'whsec_plain',
                      NULL, 10, 3, 10, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)""");
            db.createStatement().execute("""
                    INSERT INTO flows (id, company_id, workspace_id, name, retry_delay, retry_delay_unit, max_retries, status,
                      is_template, flow_direction, predefined_variables, variables, inbound_token_hash, created_at, updated_at, version)
                    VALUES ('%s', '%s', 'default', 'f', 0, 'SECONDS', 0, 'SCHEDULED', FALSE, 'OUTBOUND',
                      '[{"name":"key","value":"pv-plain"}]' FORMAT JSON,
                      '[{"name":"c","type":"custom","customValue":{"n":"cv-plain"}},{"name":"r","type":"response","customValue":null}]' FORMAT JSON,
                      'h', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)""".formatted(flow, UUID.randomUUID()));
            db.createStatement().execute("""
                    INSERT INTO flow_steps (id, flow_id, step_number, webhook_url, webhook_method, webhook_timeout, retry_limit,
                      timeout, webhook_headers, created_at, updated_at)
                    VALUES ('%s', '%s', 1, 'https://example.org', 'GET', 10, 0, 30,
                      '{"Authorization":"Bearer hv-plain"}' FORMAT JSON, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"""
                    .formatted(UUID.randomUUID(), flow));

            new SealStoredSecrets("h2").migrate(context(db));

            String subscription = row(db, "SELECT secret || '|' || bearer_token FROM subscriptions");
            String flowRow = row(db, "SELECT CAST(predefined_variables AS VARCHAR) || CAST(variables AS VARCHAR) FROM flows");
            String headers = row(db, "SELECT CAST(webhook_headers AS VARCHAR) FROM flow_steps");
            assertThat(subscription + flowRow + headers).doesNotContain("plain").contains("hfsec:1:");
            assertThat(flowRow).contains("\"customValue\":null");
            assertThat(SealedSecrets.open(subscription.split("\\|")[0])).isEqualTo("whsec_plain");
            assertThat(headers).contains("\"Authorization\":\"hfsec:1:");

            String again = subscription + flowRow + headers;
            new SealStoredSecrets("h2").migrate(context(db));
            assertThat(row(db, "SELECT secret || '|' || bearer_token FROM subscriptions")
                    + row(db, "SELECT CAST(predefined_variables AS VARCHAR) || CAST(variables AS VARCHAR) FROM flows")
                    + row(db, "SELECT CAST(webhook_headers AS VARCHAR) FROM flow_steps")).isEqualTo(again);
        }
    }

    private static String row(Connection db, String sql) throws SQLException {
        try (var rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static Context context(Connection connection) {
        return new Context() {
            @Override
            public Configuration getConfiguration() {
                return null;
            }

            @Override
            public Connection getConnection() {
                return connection;
            }
        };
    }
}
