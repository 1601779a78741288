package io.hookflow.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.json.JsonObject;

import io.hookflow.events.EventRows;
import io.hookflow.testing.Api;
import io.hookflow.testing.Deployments;
import io.hookflow.testing.TestTokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The subscriptions API on the real WAR: reading, changing, deleting, secrets, tenancy and every refusal. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SubscriptionsIT {

    private static final String BASE = "/workflows/v1/workflow-webhooks";
    private static final String TOKEN = "s3cr3t-bearer-token-value";
    /** Loopback discard port: published records are attempted (and refused) without leaving the machine. */
    private static final String UNREACHABLE_RECEIVER = "http://127.0.0.1:9/hook";

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hookflowWar();
    }

    private Api as(String team, String role) {
        return new Api(base).as(TestTokens.forTeam(team).roles(role).mint());
    }

    private Api editor() {
        return as(TestTokens.newTeamId(), "editor");
    }

    private static JsonObject create(Api api, String json) {
        var reply = api.post(BASE, json);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    private static JsonObject createWithToken(Api api) {
        return create(api, """
                {"name":"orders","url":"%s","actions":["workflow_created","workflow_deleted"],
                 "bearer_token":"%s","timeout_seconds":20,"max_retries":5,"retry_backoff_seconds":30}""".formatted(UNREACHABLE_RECEIVER, TOKEN));
    }

    @Test
    void aSubscriptionIsReadBackByIdWithoutSecretOrBearerToken() {
        var api = editor();
        var created = createWithToken(api);

        var reply = api.get(BASE + "/" + created.getString("id"));

        assertThat(reply.status()).isEqualTo(200);
        var read = reply.json();
        assertThat(read.keySet()).containsExactlyInAnyOrder("id", "name", "url", "actions", "enabled", "has_bearer_token",
                "timeout_seconds", "max_retries", "retry_backoff_seconds", "rate_limit_per_second", "ordered",
                "disabled_reason", "created_at", "updated_at");
        assertThat(read.getString("name")).isEqualTo("orders");
        assertThat(read.getBoolean("has_bearer_token")).isTrue();
        assertThat(read.getInt("timeout_seconds")).isEqualTo(20);
        assertThat(read.getInt("max_retries")).isEqualTo(5);
        assertThat(read.getInt("retry_backoff_seconds")).isEqualTo(30);
        assertThat(read.getJsonArray("actions").toString()).isEqualTo("[\"workflow_created\",\"workflow_deleted\"]");
        assertThat(read.getString("created_at")).endsWith("Z");
    }

    @Test
    void aListedSubscriptionShowsExactlyWhatReadingItByIdShows() {
        var api = editor();
        String withToken = createWithToken(api).getString("id");
        String plain = create(api, """
                {"name":"paced","url":"%s","actions":["workflow_run_completed","workflow_created","workflow_deleted"],
                 "enabled":false,"rate_limit_per_second":7,"ordered":true}""".formatted(UNREACHABLE_RECEIVER)).getString("id");

        var listed = api.get(BASE).json().getJsonArray("subscriptions");

        assertThat(listed).hasSize(2);
        assertThat(listed.getJsonObject(0)).isEqualTo(api.get(BASE + "/" + plain).json());
        assertThat(listed.getJsonObject(1)).isEqualTo(api.get(BASE + "/" + withToken).json());
        assertThat(listed.getJsonObject(0).getJsonArray("actions").toString())
                .isEqualTo("[\"workflow_run_completed\",\"workflow_created\",\"workflow_deleted\"]");
        assertThat(listed.getJsonObject(0).getBoolean("has_bearer_token")).isFalse();
        assertThat(listed.getJsonObject(1).getBoolean("has_bearer_token")).isTrue();
    }

    @Test
    void everyPageOfTheListCountsAllMatchesEvenPastTheLastPage() {
        var api = editor();
        for (String name : List.of("one", "two", "three")) {
            create(api, """
                    {"name":"%s","url":"%s","actions":["workflow_created"]}""".formatted(name, UNREACHABLE_RECEIVER));
        }
        create(api, """
                {"name":"other","url":"%s","actions":["workflow_deleted"]}""".formatted(UNREACHABLE_RECEIVER));

        var pages = Stream.of(1, 2, 3)
                .map(page -> api.get(BASE + "?action=workflow_created&size=2&page=" + page).json()).toList();

        assertThat(pages).extracting(page -> page.getInt("total")).containsExactly(3, 3, 3);
        assertThat(pages).extracting(page -> page.getJsonArray("subscriptions").size()).containsExactly(2, 1, 0);
        assertThat(api.get(BASE + "?size=1").json().getInt("total")).isEqualTo(4);
    }

    @Test
    void theBearerTokenIsNeverReturnedByAnyEndpoint() {
        var api = editor();
        var created = createWithToken(api);
        String id = created.getString("id");

        List<Api.Reply> replies = List.of(
                api.get(BASE + "/" + id),
                api.get(BASE),
                api.patch(BASE + "/" + id, "{\"name\":\"renamed\"}"),
                api.get(BASE + "/" + id + "/secret"),
                api.post(BASE + "/" + id + "/secret/rotate", null),
                api.patch(BASE + "/" + id, "{\"bearer_token\":\"another-" + TOKEN + "\"}"));

        assertThat(created.toString()).doesNotContain(TOKEN).doesNotContain("\"bearer_token\"");
        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).doesNotContain(TOKEN).doesNotContain("\"bearer_token\"");
        });
    }

    @Test
    void theSecretIsShownOnCreateAndByTheSecretEndpointOnly() {
        var api = editor();
        var created = createWithToken(api);
        String id = created.getString("id");
        String secret = created.getString("secret");

        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSizeGreaterThanOrEqualTo(24);
        assertThat(api.get(BASE + "/" + id + "/secret").json().getString("secret")).isEqualTo(secret);
        assertThat(api.get(BASE + "/" + id).body()).doesNotContain(secret).doesNotContain("\"secret\"");
        assertThat(api.get(BASE).body()).doesNotContain(secret).doesNotContain("\"secret\"");
        assertThat(api.patch(BASE + "/" + id, "{\"enabled\":false}").body()).doesNotContain(secret);
    }

    @Test
    void rotatingIssuesANewSecretAndKeepsTheOldOneSigningForADay() {
        var api = editor();
        var created = createWithToken(api);
        String id = created.getString("id");
        String old = created.getString("secret");

        var rotated = api.post(BASE + "/" + id + "/secret/rotate", null);

        assertThat(rotated.status()).isEqualTo(200);
        String fresh = rotated.json().getString("secret");
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
        assertThat(api.get(BASE + "/" + id + "/secret").json().getString("secret")).isEqualTo(fresh);

        EventRows.assumeDatabase();
        var row = EventRows.query("select previous_secret, previous_secret_expires_at from subscriptions where id = ?", id).get(0);
        // kept, and encrypted at rest like the current one
        assertThat((String) row.get("previous_secret")).startsWith("hfsec:").doesNotContain(old.substring("whsec_".length()));
        Instant expires = ((Timestamp) row.get("previous_secret_expires_at")).toInstant();
        assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofHours(23), Duration.ofHours(25));
    }

    @Test
    void aViewerMayReadASubscriptionButNotItsSecretNorChangeIt() {
        String team = TestTokens.newTeamId();
        String id = createWithToken(as(team, "editor")).getString("id");
        var viewer = as(team, "viewer");

        assertThat(viewer.get(BASE + "/" + id).status()).isEqualTo(200);
        assertThat(viewer.get(BASE + "/" + id + "/secret").status()).isEqualTo(403);
        assertThat(viewer.post(BASE + "/" + id + "/secret/rotate", null).status()).isEqualTo(403);
        assertThat(viewer.patch(BASE + "/" + id, "{\"name\":\"x\"}").status()).isEqualTo(403);
        assertThat(viewer.delete(BASE + "/" + id).status()).isEqualTo(403);
    }

    @Test
    void patchChangesOnlyTheFieldsPresentAndNullLeavesAFieldAsItIs() {
        var api = editor();
        var created = createWithToken(api);
        String id = created.getString("id");

        var reply = api.patch(BASE + "/" + id, """
                {"name":"renamed","timeout_seconds":null,"url":null,"unknown_field":1}""");

        assertThat(reply.status()).isEqualTo(200);
        var patched = reply.json();
        assertThat(patched.getString("name")).isEqualTo("renamed");
        assertThat(patched.getString("url")).isEqualTo(created.getString("url"));
        assertThat(patched.getInt("timeout_seconds")).isEqualTo(20);
        assertThat(patched.getInt("max_retries")).isEqualTo(5);
        assertThat(patched.getBoolean("has_bearer_token")).isTrue();
        assertThat(patched.get("actions")).isEqualTo(created.get("actions"));
        assertThat(api.get(BASE + "/" + id).json().getString("name")).isEqualTo("renamed");
    }

    @Test
    void patchReplacesTheActionsAndEveryNumericSetting() {
        var api = editor();
        String id = createWithToken(api).getString("id");

        var patched = api.patch(BASE + "/" + id, """
                {"actions":["workflow_run_completed"],"enabled":false,"url":"http://127.0.0.1:9/other",
                 "timeout_seconds":60,"max_retries":0,"retry_backoff_seconds":300}""").json();

        assertThat(patched.getJsonArray("actions").toString()).isEqualTo("[\"workflow_run_completed\"]");
        assertThat(patched.getBoolean("enabled")).isFalse();
        assertThat(patched.getString("url")).isEqualTo("http://127.0.0.1:9/other");
        assertThat(patched.getInt("timeout_seconds")).isEqualTo(60);
        assertThat(patched.getInt("max_retries")).isZero();
        assertThat(patched.getInt("retry_backoff_seconds")).isEqualTo(300);
        var listed = api.get(BASE + "?action=workflow_created").json();
        assertThat(listed.getInt("total")).isZero();
    }

    @Test
    void clearBearerTokenRemovesTheTokenAndANewOneCanBeSet() {
        var api = editor();
        String id = createWithToken(api).getString("id");

        assertThat(api.patch(BASE + "/" + id, "{\"clear_bearer_token\":true}").json().getBoolean("has_bearer_token")).isFalse();
        assertThat(api.patch(BASE + "/" + id, "{\"clear_bearer_token\":false}").json().getBoolean("has_bearer_token")).isFalse();
        assertThat(api.patch(BASE + "/" + id, "{\"bearer_token\":\"fresh\"}").json().getBoolean("has_bearer_token")).isTrue();
    }

    static Stream<Arguments> invalidPatches() {
        return Stream.of(
                Arguments.of("{\"name\":\"\"}", "[\"body\",\"name\"]"),
                Arguments.of("{\"name\":\"" + "n".repeat(151) + "\"}", "[\"body\",\"name\"]"),
                Arguments.of("{\"name\":5}", "[\"body\",\"name\"]"),
                Arguments.of("{\"url\":\"ftp://example.org/x\"}", "[\"body\",\"url\"]"),
                Arguments.of("{\"url\":\"not a url\"}", "[\"body\",\"url\"]"),
                Arguments.of("{\"url\":\"https://" + "a".repeat(2048) + "\"}", "[\"body\",\"url\"]"),
                Arguments.of("{\"actions\":[]}", "[\"body\",\"actions\"]"),
                Arguments.of("{\"actions\":\"workflow_created\"}", "[\"body\",\"actions\"]"),
                Arguments.of("{\"actions\":[\"workflow_created\",\"workflow_exploded\"]}", "[\"body\",\"actions\",1]"),
                Arguments.of("{\"enabled\":\"yes\"}", "[\"body\",\"enabled\"]"),
                Arguments.of("{\"timeout_seconds\":0}", "[\"body\",\"timeout_seconds\"]"),
                Arguments.of("{\"timeout_seconds\":61}", "[\"body\",\"timeout_seconds\"]"),
                Arguments.of("{\"timeout_seconds\":1.5}", "[\"body\",\"timeout_seconds\"]"),
                Arguments.of("{\"timeout_seconds\":\"10\"}", "[\"body\",\"timeout_seconds\"]"),
                Arguments.of("{\"max_retries\":11}", "[\"body\",\"max_retries\"]"),
                Arguments.of("{\"max_retries\":-1}", "[\"body\",\"max_retries\"]"),
                Arguments.of("{\"retry_backoff_seconds\":0}", "[\"body\",\"retry_backoff_seconds\"]"),
                Arguments.of("{\"retry_backoff_seconds\":301}", "[\"body\",\"retry_backoff_seconds\"]"),
                Arguments.of("{\"retry_backoff_seconds\":99999999999999999999}", "[\"body\",\"retry_backoff_seconds\"]"),
                Arguments.of("{\"bearer_token\":\"\"}", "[\"body\",\"bearer_token\"]"),
                Arguments.of("{\"bearer_token\":\"" + "t".repeat(2001) + "\"}", "[\"body\",\"bearer_token\"]"),
                Arguments.of("{\"bearer_token\":\"x\",\"clear_bearer_token\":true}", "[\"body\",\"clear_bearer_token\"]"),
                Arguments.of("{\"clear_bearer_token\":1}", "[\"body\",\"clear_bearer_token\"]"),
                Arguments.of("{\"bearer_token\":\"" + TOKEN + "\\n\"}", "[\"body\",\"bearer_token\"]"),
                Arguments.of("{\"bearer_token\":\"" + TOKEN + "\\u0000\"}", "[\"body\",\"bearer_token\"]"));
    }

    @ParameterizedTest
    @MethodSource("invalidPatches")
    void anInvalidPatchIsA422NamingTheFieldAndChangesNothing(String body, String loc) {
        var api = editor();
        var created = createWithToken(api);
        String id = created.getString("id");

        var reply = api.patch(BASE + "/" + id, body);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.at("/detail/0/loc").toString()).isEqualTo(loc);
        assertThat(reply.string("/detail/0/msg")).isNotBlank();
        assertThat(reply.body()).doesNotContain(TOKEN);
        assertThat(api.get(BASE + "/" + id).json().getString("updated_at")).isEqualTo(created.getString("updated_at"));
    }

    @Test
    void aCreateWithoutActionsIsOneErrorNamingTheField() {
        var reply = editor().post(BASE, "{\"name\":\"no actions\",\"url\":\"https://example.com/hook\"}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.json().getJsonArray("detail")).hasSize(1);
        assertThat(reply.at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"actions\"]");
    }

    @Test
    void aPatchBodyThatIsNotAJsonObjectIsA422() {
        var api = editor();
        String id = createWithToken(api).getString("id");

        var array = api.patch(BASE + "/" + id, "[1,2]");
        assertThat(array.status()).isEqualTo(422);
        assertThat(array.at("/detail/0/loc").toString()).isEqualTo("[\"body\"]");
        assertThat(api.patch(BASE + "/" + id, "{\"name\":").status()).isEqualTo(422);
    }

    static Stream<Arguments> invalidCreations() {
        return Stream.of(
                Arguments.of("{\"url\":\"https://e.org\",\"actions\":[\"workflow_created\"]}", "[\"body\",\"name\"]"),
                Arguments.of("{\"name\":\"" + "n".repeat(151) + "\",\"url\":\"https://e.org\",\"actions\":[\"workflow_created\"]}", "[\"body\",\"name\"]"),
                Arguments.of("{\"name\":\"n\",\"actions\":[\"workflow_created\"]}", "[\"body\",\"url\"]"),
                Arguments.of("{\"name\":\"n\",\"url\":\"ftp://e.org\",\"actions\":[\"workflow_created\"]}", "[\"body\",\"url\"]"),
                Arguments.of("{\"name\":\"n\",\"url\":\"http://[::1\",\"actions\":[\"workflow_created\"]}", "[\"body\",\"url\"]"),
                Arguments.of("{\"name\":\"n\",\"url\":\"https://e.org\"}", "[\"body\",\"actions\"]"),
                Arguments.of("{\"name\":\"n\",\"url\":\"https://e.org\",\"actions\":[]}", "[\"body\",\"actions\"]"),
                Arguments.of("{\"name\":\"n\",\"url\":\"https://e.org\",\"actions\":[\"nope\"]}", "[\"body\",\"actions\",0]"),
                Arguments.of("{\"name\":\"n\",\"url\":\"https://e.org\",\"actions\":[\"workflow_created\"],\"timeout_seconds\":0}", "[\"body\",\"timeout_seconds\"]"),
                Arguments.of("{\"name\":\"n\",\"url\":\"https://e.org\",\"actions\":[\"workflow_created\"],\"timeout_seconds\":61}", "[\"body\",\"timeout_seconds\"]"),
                Arguments.of("{\"name\":\"n\",\"url\":\"https://e.org\",\"actions\":[\"workflow_created\"],\"max_retries\":11}", "[\"body\",\"max_retries\"]"),
                Arguments.of("{\"name\":\"n\",\"url\":\"https://e.org\",\"actions\":[\"workflow_created\"],\"retry_backoff_seconds\":301}", "[\"body\",\"retry_backoff_seconds\"]"),
                Arguments.of("{\"name\":\"n\",\"url\":\"https://e.org\",\"actions\":[\"workflow_created\"],\"bearer_token\":\"" + "t".repeat(2001) + "\"}", "[\"body\",\"bearer_token\"]"),
                Arguments.of("{\"name\":\"n\",\"url\":\"https://e.org\",\"actions\":[\"workflow_created\"],\"bearer_token\":\"s3cr3t\\n\"}", "[\"body\",\"bearer_token\"]"));
    }

    @ParameterizedTest
    @MethodSource("invalidCreations")
    void anInvalidCreationIsA422NamingTheField(String body, String loc) {
        var reply = editor().post(BASE, body);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.at("/detail/0/loc").toString()).isEqualTo(loc);
    }

    @ParameterizedTest
    @MethodSource("idPaths")
    void aMalformedIdIsA422NamingThePathParameter(String method, String path) {
        var reply = editor().send(method, BASE + path, "PATCH".equals(method) ? "{}" : null);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.at("/detail/0/loc").toString()).isEqualTo("[\"path\",\"id\"]");
    }

    static Stream<Arguments> idPaths() {
        return Stream.of("abc", "5EB7CF5A86D9755DF3A6C593", "5eb7cf5a86d9755df3a6c59").flatMap(bad -> Stream.of(
                Arguments.of("GET", "/" + bad),
                Arguments.of("PATCH", "/" + bad),
                Arguments.of("DELETE", "/" + bad),
                Arguments.of("GET", "/" + bad + "/secret"),
                Arguments.of("POST", "/" + bad + "/secret/rotate")));
    }

    @Test
    void anotherTeamsSubscriptionIsNotFoundForEveryOperationAndStaysUntouched() {
        var owner = editor();
        var created = createWithToken(owner);
        String id = created.getString("id");
        var stranger = as(TestTokens.newTeamId(), "admin");

        assertThat(List.of(
                stranger.get(BASE + "/" + id),
                stranger.patch(BASE + "/" + id, "{\"name\":\"stolen\",\"enabled\":false}"),
                stranger.get(BASE + "/" + id + "/secret"),
                stranger.post(BASE + "/" + id + "/secret/rotate", null),
                stranger.delete(BASE + "/" + id))).allSatisfy(reply -> {
                    assertThat(reply.status()).isEqualTo(404);
                    assertThat(reply.json().getString("detail")).isEqualTo("subscription not found");
                });
        assertThat(stranger.get(BASE).json().getInt("total")).isZero();

        var unchanged = owner.get(BASE + "/" + id).json();
        assertThat(unchanged.getString("name")).isEqualTo("orders");
        assertThat(unchanged.getBoolean("enabled")).isTrue();
        assertThat(owner.get(BASE + "/" + id + "/secret").json().getString("secret")).isEqualTo(created.getString("secret"));
    }

    @Test
    void aMissingSubscriptionIsNotFound() {
        var api = editor();
        String missing = "5eb7cf5a86d9755df3a6c593";

        assertThat(api.get(BASE + "/" + missing).status()).isEqualTo(404);
        assertThat(api.patch(BASE + "/" + missing, "{}").status()).isEqualTo(404);
        assertThat(api.delete(BASE + "/" + missing).status()).isEqualTo(404);
    }

    @Test
    void deleteAnswers204AndTheSubscriptionIsGone() {
        var api = editor();
        String id = createWithToken(api).getString("id");

        var reply = api.delete(BASE + "/" + id);

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.body()).isEmpty();
        assertThat(api.get(BASE + "/" + id).status()).isEqualTo(404);
        assertThat(api.get(BASE).json().getInt("total")).isZero();
        assertThat(api.delete(BASE + "/" + id).status()).isEqualTo(404);
    }

    @Test
    void deletingFailsAnUndeliveredBacklogLargerThanOneBatch() {
        EventRows.assumeDatabase();
        String team = TestTokens.newTeamId();
        var api = as(team, "editor");
        String id = createWithToken(api).getString("id");
        assertThat(api.post(BASE + "/events", """
                {"action":"workflow_created","workflow_id":"5eb7cf5a86d9755df3a6c593","workflow_name":"seed"}""").status())
                .isEqualTo(202);
        EventRows.update("""
                insert into event_records (id, event_id, subscription_id, team_id, action, workflow_id, workflow_name,
                    payload, status, attempts_count, search_facets, search_ids, due_at, created_by, updated_by, created_at, updated_at, version)
                select lpad(to_hex(g), 8, '0') || substr(?, 9), 'bulk-' || g, subscription_id, team_id, action, workflow_id,
                    'bulk', payload, 'PENDING', 0, 'bulk', 'bulk-' || g, now(), 'test', 'test', now(), now(), 0
                from event_records, generate_series(1, 1200) as g where subscription_id = ?""", id, id);

        assertThat(api.delete(BASE + "/" + id).status()).isEqualTo(204);

        var failed = api.get(BASE + "/events?status=failed&size=1").json();
        assertThat(failed.getInt("total")).isEqualTo(1201);
        assertThat(api.get(BASE + "/events?status=pending&size=1").json().getInt("total")).isZero();
    }

    @Test
    void deletingWaitsForABookingThatHoldsARecordAndThenTheDeliveryStateInsteadOfDeadlocking() throws Exception {
        EventRows.assumeDatabase();
        String team = TestTokens.newTeamId();
        var api = as(team, "editor");
        String id = createWithToken(api).getString("id");
        assertThat(EventRows.query("select 1 from subscription_delivery_state where subscription_id = ?", id)).hasSize(1);
        // due tomorrow: only this test's "booking" touches them, never the engine
        EventRows.update("""
                insert into event_records (id, event_id, subscription_id, team_id, action, workflow_id, workflow_name,
                    payload, status, attempts_count, search_facets, search_ids, due_at, created_by, updated_by, created_at, updated_at, version)
                select lpad(to_hex(g), 8, '0') || substr(?, 9), 'held-' || g, ?, ?, 'WORKFLOW_CREATED',
                    '5eb7cf5a86d9755df3a6c593', 'held', '{}'::jsonb, 'PENDING', 0, 'held', 'held-' || g, now() + interval '1 day',
                    'test', 'test', now(), now(), 0
                from generate_series(1, 3) as g""", id, id, team);
        String lastRecord = (String) EventRows.query(
                "select max(id) as id from event_records where subscription_id = ?", id).get(0).get("id");

        try (Connection booking = EventRows.connect()) {
            booking.setAutoCommit(false);
            // a booking writes its records first ...
            try (var write = booking.prepareStatement("update event_records set updated_by = 'booking' where id = ?")) {
                write.setString(1, lastRecord);
                assertThat(write.executeUpdate()).isEqualTo(1);
            }
            CompletableFuture<Integer> delete = CompletableFuture.supplyAsync(() -> api.delete(BASE + "/" + id).status());
            await("the delete waits for the record the booking holds").atMost(Duration.ofSeconds(30))
                    .until(() -> !EventRows.query("""
                            select 1 from pg_stat_activity
                            where datname = current_database() and wait_event_type = 'Lock' and query like '%event_records%'""")
                            .isEmpty());
            // ... and then the subscription's delivery state (the circuit breaker's count)
            try (var state = booking.prepareStatement(
                    "select consecutive_failures from subscription_delivery_state where subscription_id = ? for update")) {
                state.setString(1, id);
                state.executeQuery().close();
            }
            booking.commit();

            assertThat(delete.get(30, TimeUnit.SECONDS)).isEqualTo(204);
        }
        assertThat(EventRows.query("select status from event_records where subscription_id = ?", id))
                .extracting(row -> row.get("status")).containsOnly("FAILED").hasSize(3);
    }

    @Test
    void enablingADisabledSubscriptionAgainKeepsItsWaitingRecords() {
        var api = editor();
        String id = createWithToken(api).getString("id");
        assertThat(api.post(BASE + "/events", """
                {"action":"workflow_created","workflow_id":"5eb7cf5a86d9755df3a6c593","workflow_name":"waiting"}""").status())
                .isEqualTo(202);
        assertThat(api.patch(BASE + "/" + id, "{\"enabled\":false}").json().getBoolean("enabled")).isFalse();

        var reply = api.patch(BASE + "/" + id, "{\"enabled\":true}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getBoolean("enabled")).isTrue();
        // the engine tries it again (the receiver refuses) and it waits for its next try, 30 s later: kept, never dropped
        var events = await("the record's try after enabling").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(BASE + "/events?subscription_id=" + id).json(),
                        page -> page.getInt("total") != 1 || "retrying".equals(page.getJsonArray("events").getJsonObject(0).getString("status")));
        assertThat(events.getInt("total")).isEqualTo(1);
        assertThat(events.getJsonArray("events").getJsonObject(0).getString("status")).isEqualTo("retrying");
    }

    @Test
    void aDisabledSubscriptionReceivesNoRecordsFromAPublish() {
        var api = editor();
        String id = createWithToken(api).getString("id");
        api.patch(BASE + "/" + id, "{\"enabled\":false}");

        var published = api.post(BASE + "/events", """
                {"action":"workflow_created","workflow_id":"5eb7cf5a86d9755df3a6c593","workflow_name":"ignored"}""");

        assertThat(published.json().getInt("deliveries")).isZero();
        assertThat(api.get(BASE + "/events?subscription_id=" + id).json().getInt("total")).isZero();
    }

    @Test
    void deletingFailsTheUndeliveredRecordsAndKeepsTheHistoryListable() {
        EventRows.assumeDatabase();
        var api = editor();
        String id = createWithToken(api).getString("id");
        for (int i = 0; i < 3; i++) {
            assertThat(api.post(BASE + "/events", """
                    {"action":"workflow_created","workflow_id":"5eb7cf5a86d9755df3a6c593","workflow_name":"wf %d"}"""
                    .formatted(i)).status()).isEqualTo(202);
        }
        // the engine tries each record once at once (the receiver refuses) and then waits out a 30 s backoff:
        // only after that may the test rewrite rows without racing it
        var records = awaitAllRetrying(api, id, 3);
        String delivered = records.getJsonObject(0).getString("_id");
        String retrying = records.getJsonObject(1).getString("_id");
        EventRows.update("update event_records set status = 'DELIVERED', delivered_at = now(), due_at = null, "
                + "next_retry_at = null, version = version + 1 where id = ?", delivered);
        EventRows.update("update event_records set version = version + 1 where id = ?", retrying);

        assertThat(api.delete(BASE + "/" + id).status()).isEqualTo(204);

        var history = api.get(BASE + "/events?subscription_id=" + id).json();
        assertThat(history.getInt("total")).isEqualTo(3);
        assertThat(history.getJsonArray("events")).allSatisfy(value -> {
            var event = value.asJsonObject();
            if (event.getString("_id").equals(delivered)) {
                assertThat(event.getString("status")).isEqualTo("delivered");
            } else {
                assertThat(event.getString("status")).isEqualTo("failed");
                assertThat(event.getString("last_error")).isEqualTo("subscription was deleted");
                assertThat(event.isNull("next_retry_at")).isTrue();
            }
        });
        assertThat(api.get(BASE + "/events?status=failed&search=Subscription%20Was%20Deleted").json().getInt("total")).isEqualTo(2);
        assertThat(EventRows.query("select count(*) as n from event_records where subscription_id = ? and due_at is not null", id)
                .get(0).get("n")).isEqualTo(0L);
    }

    private static jakarta.json.JsonArray awaitAllRetrying(Api api, String subscriptionId, int count) {
        return org.awaitility.Awaitility.await("all " + count + " records retrying").atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> api.get(BASE + "/events?subscription_id=" + subscriptionId).json().getJsonArray("events"),
                        events -> events.size() == count && events.stream()
                                .allMatch(e -> "retrying".equals(e.asJsonObject().getString("status"))));
    }
}
