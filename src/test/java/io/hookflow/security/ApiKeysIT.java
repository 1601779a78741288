package io.hookflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonObject;

import io.hookflow.testing.Api;
import io.hookflow.testing.Deployments;
import io.hookflow.testing.TestTokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** API keys on the whole WAR: made by admins, used as {@code Bearer hf_...} on both surfaces, refused once revoked. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ApiKeysIT {

    private static final String SUBSCRIPTIONS = "/workflows/v1/workflow-webhooks";
    private static final String FLOWS = "/v1/webhooks";
    private static final String VALID_SUBSCRIPTION = """
            {"name":"orders","url":"https://example.org/hook","actions":["workflow_created"]}""";

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hookflowWar();
    }

    private Api api() {
        return new Api(base);
    }

    private String admin(String team, UUID company) {
        return TestTokens.forTeam(team).company(company).roles("admin").mint();
    }

    private JsonObject createKey(String token, String role) {
        return createKey(token, role, null);
    }

    private JsonObject createKey(String token, String role, Instant expiresAt) {
        String expiry = expiresAt == null ? "" : ",\"expires_at\":\"" + expiresAt + "\"";
        var reply = api().as(token).post("/api-keys", "{\"name\":\"ci\",\"role\":\"" + role + "\"" + expiry + "}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    @Test
    void anAdminsKeyWorksOnBothSurfacesForTheAdminsTenants() {
        String team = TestTokens.newTeamId();
        UUID company = UUID.randomUUID();
        var created = createKey(admin(team, company), "editor");
        String key = created.getString("key");

        assertThat(key).startsWith("hf_").startsWith(created.getString("prefix"));
        assertThat(created.getString("team_id")).isEqualTo(team);
        assertThat(created.getString("company_id")).isEqualTo(company.toString());
        var subscription = api().as(key).post(SUBSCRIPTIONS, VALID_SUBSCRIPTION);
        assertThat(subscription.status()).isEqualTo(201);
        assertThat(api().as(admin(team, company)).get(SUBSCRIPTIONS + "/" + subscription.json().getString("id")).status())
                .isEqualTo(200);
        assertThat(api().as(key).get(FLOWS).status()).isEqualTo(200);
        assertThat(api().as(key).get(FLOWS).json().getString("status")).isEqualTo("ok");
    }

    @Test
    void theListShowsKeysWithoutTheKeyAndWhenTheyWereLastUsed() {
        String team = TestTokens.newTeamId();
        String admin = admin(team, UUID.randomUUID());
        var created = createKey(admin, "viewer");
        assertThat(api().as(created.getString("key")).get(SUBSCRIPTIONS).status()).isEqualTo(200);

        var list = api().as(admin).get("/api-keys");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(created.getString("key"));
        var listed = list.json().getJsonArray("api_keys").getJsonObject(0);
        assertThat(listed.getString("id")).isEqualTo(created.getString("id"));
        assertThat(listed.isNull("key")).isTrue();
        assertThat(listed.getString("last_used_at")).isNotBlank();
    }

    @Test
    void aViewerKeyCannotWrite() {
        String key = createKey(admin(TestTokens.newTeamId(), UUID.randomUUID()), "viewer").getString("key");

        assertThat(api().as(key).get(SUBSCRIPTIONS).status()).isEqualTo(200);
        assertThat(api().as(key).post(SUBSCRIPTIONS, VALID_SUBSCRIPTION).status()).isEqualTo(403);
    }

    @Test
    void anEditorCannotCreateKeys() {
        String editor = TestTokens.forTeam(TestTokens.newTeamId()).roles("editor").mint();

        var reply = api().as(editor).post("/api-keys", "{\"name\":\"ci\",\"role\":\"viewer\"}");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().getString("status")).isEqualTo("error");
        assertThat(api().as(editor).get("/api-keys").status()).isEqualTo(403);
    }

    @Test
    void aKeyCannotOutrankItsCreator() {
        String team = TestTokens.newTeamId();
        String editorKey = createKey(admin(team, null), "editor").getString("key");

        assertThat(api().as(editorKey).post("/api-keys", "{\"name\":\"escalate\",\"role\":\"admin\"}").status()).isEqualTo(403);
        var unknownRole = api().as(admin(team, null)).post("/api-keys", "{\"name\":\"x\",\"role\":\"owner\"}");
        assertThat(unknownRole.status()).isEqualTo(422);
        assertThat(unknownRole.body()).contains("role");
    }

    @Test
    void aKeyMadeByAnAdminKeyActsForNoMoreTenantsThanItsCreator() {
        String team = TestTokens.newTeamId();
        String adminKey = createKey(admin(team, null), "admin").getString("key");

        var child = createKey(adminKey, "viewer");

        assertThat(child.getString("team_id")).isEqualTo(team);
        assertThat(child.isNull("company_id")).isTrue();
        assertThat(api().as(child.getString("key")).get(FLOWS).status()).isEqualTo(403);
    }

    @Test
    void aRevokedKeyIsUnauthorized() {
        String admin = admin(TestTokens.newTeamId(), null);
        var created = createKey(admin, "editor");
        String key = created.getString("key");
        assertThat(api().as(key).get(SUBSCRIPTIONS).status()).isEqualTo(200);

        assertThat(api().as(admin).delete("/api-keys/" + created.getString("id")).status()).isEqualTo(204);

        var refused = api().as(key).get(SUBSCRIPTIONS);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().getString("detail")).isNotBlank();
        assertThat(api().as(admin).delete("/api-keys/" + created.getString("id")).status()).isEqualTo(404);
    }

    @Test
    void aKeyRevokedByAnotherNodeIsRefusedHereWithinFiveSeconds() throws SQLException {
        Assumptions.assumeTrue("postgresql".equals(System.getProperty("hookflow.it.database")), "writes PostgreSQL directly");
        var created = createKey(admin(TestTokens.newTeamId(), null), "editor");
        String key = created.getString("key");
        assertThat(api().as(key).get(SUBSCRIPTIONS).status()).isEqualTo(200);

        // what another node's DELETE leaves in the shared database; this node only notices through its cache rule
        try (var connection = DriverManager.getConnection(System.getProperty("hookflow.it.jdbc-url"), "postgres", "");
             var update = connection.prepareStatement("UPDATE api_keys SET revoked_at = now() WHERE id = ?")) {
            update.setString(1, created.getString("id"));
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        Instant revoked = Instant.now();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> api().as(key).get(SUBSCRIPTIONS).status() == 401);
        assertThat(Duration.between(revoked, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anExpiredKeyIsUnauthorized() {
        String admin = admin(TestTokens.newTeamId(), null);
        String key = createKey(admin, "viewer", Instant.now().plusSeconds(3)).getString("key");
        assertThat(api().as(key).get(SUBSCRIPTIONS).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> api().as(key).get(SUBSCRIPTIONS).status() == 401);

        var past = api().as(admin).post("/api-keys", "{\"name\":\"old\",\"role\":\"viewer\",\"expires_at\":\"2020-01-01T00:00:00Z\"}");
        assertThat(past.status()).isEqualTo(422);
        assertThat(past.body()).contains("expires_at");
    }

    @Test
    void anotherTenantsKeySeesNothingOfThisTenant() {
        String teamA = TestTokens.newTeamId();
        String teamB = TestTokens.newTeamId();
        String adminA = admin(teamA, null);
        var subscription = api().as(adminA).post(SUBSCRIPTIONS, VALID_SUBSCRIPTION).json().getString("id");
        var keyA = createKey(adminA, "viewer");
        String keyB = createKey(admin(teamB, null), "admin").getString("key");

        assertThat(api().as(keyB).get(SUBSCRIPTIONS + "/" + subscription).status()).isEqualTo(404);
        assertThat(api().as(keyB).get(SUBSCRIPTIONS).json().getInt("total")).isZero();
        assertThat(api().as(keyB).get("/api-keys").body()).doesNotContain(keyA.getString("id"));
        assertThat(api().as(keyB).delete("/api-keys/" + keyA.getString("id")).status()).isEqualTo(404);
        assertThat(api().as(keyA.getString("key")).get(SUBSCRIPTIONS).status()).isEqualTo(200);
    }

    @Test
    void theVendorSdksTeamIdAndUuidHeadersAreIgnoredTheKeyDecidesTheTenant() {
        String teamA = TestTokens.newTeamId();
        String teamB = TestTokens.newTeamId();
        var subscription = api().as(admin(teamA, null)).post(SUBSCRIPTIONS, VALID_SUBSCRIPTION).json().getString("id");
        String keyB = createKey(admin(teamB, null), "admin").getString("key");

        var withHeaders = api().as(keyB).withHeader("teamid", teamA).withHeader("uuid", UUID.randomUUID().toString());

        assertThat(withHeaders.get(SUBSCRIPTIONS + "/" + subscription).status()).isEqualTo(404);
        assertThat(withHeaders.get(SUBSCRIPTIONS).json().getInt("total")).isZero();
        assertThat(withHeaders.post(SUBSCRIPTIONS, VALID_SUBSCRIPTION).status()).isEqualTo(201);
        assertThat(api().as(admin(teamB, null)).get(SUBSCRIPTIONS).json().getInt("total")).isEqualTo(1);
    }

    @Test
    void aKeyThatWasNeverIssuedIsUnauthorized() {
        assertThat(api().as("hf_" + "A".repeat(43)).get(SUBSCRIPTIONS).status()).isEqualTo(401);
        assertThat(api().as("hf_").get(FLOWS).status()).isEqualTo(401);
    }

    @Test
    void aDatabaseDumpHoldsNoKey() throws Exception {
        Assumptions.assumeTrue("postgresql".equals(System.getProperty("hookflow.it.database")), "dumps PostgreSQL");
        String key = createKey(admin(TestTokens.newTeamId(), UUID.randomUUID()), "admin").getString("key");
        String secretPart = key.substring("hf_".length() + 7);

        String dump = dump(System.getProperty("hookflow.it.jdbc-url"));

        assertThat(dump).contains("api_keys").doesNotContain(secretPart);
    }

    private static String dump(String jdbcUrl) throws IOException, InterruptedException, SQLException {
        String database = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
        try {
            var process = new ProcessBuilder("pg_dump", "-h", "127.0.0.1", "-U", "postgres", database)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String dump = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0) {
                return dump;
            }
        } catch (IOException noPgDump) {
            // fall through to reading every text column
        }
        return everyTextColumn(jdbcUrl);
    }

    private static String everyTextColumn(String jdbcUrl) throws SQLException {
        var text = new StringBuilder();
        try (var connection = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            List<String[]> columns = new ArrayList<>();
            try (var rs = connection.createStatement().executeQuery("""
                    SELECT table_name, column_name FROM information_schema.columns
                    WHERE table_schema = 'public' AND data_type IN ('character varying', 'text', 'json', 'jsonb')""")) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] column : columns) {
                text.append(column[0]).append('.').append(column[1]).append(":\n");
                try (var rs = connection.createStatement().executeQuery(
                        "SELECT \"" + column[1] + "\"::text FROM \"" + column[0] + "\"")) {
                    while (rs.next()) {
                        text.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return text.toString();
    }
}
