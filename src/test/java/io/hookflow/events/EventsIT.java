package io.hookflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import io.hookflow.testing.Api;
import io.hookflow.testing.Deployments;
import io.hookflow.testing.LoopbackReceiver;
import io.hookflow.testing.TestTokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Publishing, listing, attempts and retries of workflow events on the real WAR, team by team. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EventsIT {

    private static final String SUBSCRIPTIONS = "/workflows/v1/workflow-webhooks";
    private static final String EVENTS = SUBSCRIPTIONS + "/events";
    private static final String WORKFLOW = "64b7f0c2a1b2c3d4e5f60718";
    private static final String OTHER_WORKFLOW = "64b7f0c2a1b2c3d4e5f60799";
    private static final Set<String> SEED_EVENT_FIELDS = Set.of("event_id", "subscription_id", "action", "team_id",
            "created_by", "updated_by", "created_at", "updated_at", "_id", "workflow_id", "workflow_name",
            "workflow_run_id", "workflow_run_status", "payload", "dedupe_key", "status", "attempts_count",
            "next_retry_at", "delivered_at", "last_attempt_at", "last_status_code", "last_error");

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hookflowWar();
    }

    private Api as(String team, String role) {
        return new Api(base).as(TestTokens.forTeam(team).subject("publisher-" + role).roles(role).mint());
    }

    private Api editor() {
        return as(TestTokens.newTeamId(), "editor");
    }

    /**
     * Where these tests' subscriptions point: a receiver that holds every delivery longer than the class runs, so
     * the delivery engine's first attempt stays in flight and records keep the state each test sets up
     * (delivery itself is DeliveryIT's subject).
     */
    private static final LoopbackReceiver HOLDING = LoopbackReceiver.start()
            .byDefault(request -> LoopbackReceiver.Reply.status(200).after(Duration.ofMinutes(3)));

    @AfterAll
    static void closeReceiver() {
        HOLDING.close();
    }

    private static String subscribe(Api api, String actions, boolean enabled) {
        var reply = api.post(SUBSCRIPTIONS, """
                {"name":"hook","url":"%s","timeout_seconds":60,"actions":[%s],"enabled":%s}"""
                .formatted(HOLDING.url("/hook"), actions, enabled));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("id");
    }

    private static String subscribe(Api api) {
        return subscribe(api, "\"workflow_created\",\"workflow_run_completed\"", true);
    }

    private static JsonObject publish(Api api, String json) {
        var reply = api.post(EVENTS, json);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        return reply.json();
    }

    private static JsonObject publishCreated(Api api, String name) {
        return publish(api, """
                {"action":"workflow_created","workflow_id":"%s","workflow_name":"%s"}""".formatted(WORKFLOW, name));
    }

    private static JsonObject list(Api api, String query) {
        var reply = api.get(EVENTS + query);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("events").stream().map(v -> v.asJsonObject().getString("_id")).toList();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---- publishing ----------------------------------------------------------------------------

    @Test
    void publishingFansOutOnlyToEnabledSubscriptionsOfTheTeamThatListTheAction() {
        String team = TestTokens.newTeamId();
        var api = as(team, "editor");
        String listening = subscribe(api, "\"workflow_created\"", true);
        String alsoListening = subscribe(api, "\"workflow_updated\",\"workflow_created\"", true);
        subscribe(api, "\"workflow_created\"", false);
        subscribe(api, "\"workflow_deleted\"", true);
        subscribe(editor(), "\"workflow_created\"", true);

        var published = publishCreated(api, "Invoices");

        assertThat(published.getInt("deliveries")).isEqualTo(2);
        var page = list(api, "");
        assertThat(page.getInt("total")).isEqualTo(2);
        assertThat(page.getJsonArray("events").stream().map(v -> v.asJsonObject().getString("subscription_id")))
                .containsExactlyInAnyOrder(listening, alsoListening);
        assertThat(page.getJsonArray("events")).allSatisfy(v ->
                assertThat(v.asJsonObject().getString("event_id")).isEqualTo(published.getString("event_id")));
    }

    @Test
    void anEventCarriesEveryFieldOfTheSeedModelAndIdEqualToUnderscoreId() {
        String team = TestTokens.newTeamId();
        var api = as(team, "editor");
        String subscription = subscribe(api);

        var published = publish(api, """
                {"action":"workflow_run_completed","workflow_id":"%s","workflow_name":"Nightly sync",
                 "workflow_run_id":"run-77","workflow_run_status":"succeeded",
                 "payload":{"order":{"id":42,"tags":["a","b"]},"ok":true},"dedupe_key":"run-77-done"}""".formatted(WORKFLOW));

        var event = list(api, "").getJsonArray("events").getJsonObject(0);
        var fields = new HashSet<>(SEED_EVENT_FIELDS);
        fields.add("id");
        assertThat(event.keySet()).isEqualTo(fields);
        assertThat(event.getString("_id")).matches("[0-9a-f]{24}").isEqualTo(event.getString("id"));
        assertThat(event.getString("event_id")).isEqualTo(published.getString("event_id"));
        assertThat(event.getString("subscription_id")).isEqualTo(subscription);
        assertThat(event.getString("team_id")).isEqualTo(team);
        assertThat(event.getString("action")).isEqualTo("workflow_run_completed");
        assertThat(event.getString("status")).isEqualTo("pending");
        assertThat(event.getString("workflow_id")).isEqualTo(WORKFLOW);
        assertThat(event.getString("workflow_name")).isEqualTo("Nightly sync");
        assertThat(event.getString("workflow_run_id")).isEqualTo("run-77");
        assertThat(event.getString("workflow_run_status")).isEqualTo("succeeded");
        assertThat(event.getString("dedupe_key")).isEqualTo("run-77-done");
        assertThat(event.getJsonObject("payload").toString()).isEqualTo("{\"ok\":true,\"order\":{\"id\":42,\"tags\":[\"a\",\"b\"]}}");
        assertThat(event.getInt("attempts_count")).isZero();
        assertThat(event.getString("created_by")).isEqualTo("publisher-editor");
        assertThat(event.getString("updated_by")).isEqualTo("publisher-editor");
        assertThat(event.getString("created_at")).endsWith("Z");
        assertThat(Stream.of("next_retry_at", "delivered_at", "last_attempt_at", "last_status_code", "last_error"))
                .allSatisfy(field -> assertThat(event.get(field)).isEqualTo(JsonValue.NULL));
    }

    @Test
    void aPublisherMayBringItsOwnEventIdAndOtherwiseGetsOne() {
        var api = editor();
        subscribe(api);

        var own = publish(api, """
                {"action":"workflow_created","workflow_id":"%s","workflow_name":"w","event_id":"evt_2024-01.A:1"}""".formatted(WORKFLOW));
        var generated = publishCreated(api, "w");

        assertThat(own.getString("event_id")).isEqualTo("evt_2024-01.A:1");
        assertThat(generated.getString("event_id")).matches("[0-9a-f]{24}");
        assertThat(list(api, "").getInt("total")).isEqualTo(2);
    }

    @Test
    void aPublishNoSubscriptionListensToIsAcceptedWithNoDeliveries() {
        var api = editor();
        subscribe(api, "\"workflow_deleted\"", true);

        var published = publishCreated(api, "nobody cares");

        assertThat(published.getInt("deliveries")).isZero();
        assertThat(list(api, "").getInt("total")).isZero();
    }

    @Test
    void aRepeatedDedupeKeyCreatesNothingNewAndAnswersTheFirstEventId() {
        var api = editor();
        subscribe(api);
        subscribe(api);
        String body = """
                {"action":"workflow_created","workflow_id":"%s","workflow_name":"w","dedupe_key":"order-1","event_id":"%s"}""";

        var first = publish(api, body.formatted(WORKFLOW, "first-id"));
        var repeat = publish(api, body.formatted(WORKFLOW, "second-id"));

        assertThat(first.getString("event_id")).isEqualTo("first-id");
        assertThat(repeat.getString("event_id")).isEqualTo("first-id");
        assertThat(repeat.getInt("deliveries")).isEqualTo(first.getInt("deliveries")).isEqualTo(2);
        assertThat(list(api, "").getInt("total")).isEqualTo(2);
        assertThat(list(api, "?search=second-id").getInt("total")).isZero();
    }

    @Test
    void aSubscriptionAddedAfterAPublishGetsItsRecordOnTheRepeatUnderTheSameEventId() {
        var api = editor();
        subscribe(api);
        String body = """
                {"action":"workflow_created","workflow_id":"%s","workflow_name":"w","dedupe_key":"k"}""".formatted(WORKFLOW);
        String eventId = publish(api, body).getString("event_id");
        String late = subscribe(api);

        var repeat = publish(api, body);

        assertThat(repeat.getString("event_id")).isEqualTo(eventId);
        assertThat(repeat.getInt("deliveries")).isEqualTo(2);
        var page = list(api, "?subscription_id=" + late);
        assertThat(page.getInt("total")).isEqualTo(1);
        assertThat(page.getJsonArray("events").getJsonObject(0).getString("event_id")).isEqualTo(eventId);
    }

    @Test
    void concurrentIdenticalPublishesCreateExactlyOneRecordPerSubscription() throws Exception {
        var api = editor();
        subscribe(api);
        subscribe(api);
        subscribe(api);
        String body = """
                {"action":"workflow_run_completed","workflow_id":"%s","workflow_name":"w","dedupe_key":"run-9"}""".formatted(WORKFLOW);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Api.Reply>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> api.post(EVENTS, body));
            }
            List<Api.Reply> replies = new ArrayList<>();
            for (Future<Api.Reply> future : pool.invokeAll(calls)) {
                replies.add(future.get());
            }

            assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).as(reply.toString()).isEqualTo(202));
            assertThat(replies.stream().map(r -> r.json().getString("event_id")).distinct()).hasSize(1);
            assertThat(replies).allSatisfy(reply -> assertThat(reply.json().getInt("deliveries")).isEqualTo(3));
        } finally {
            pool.shutdownNow();
        }
        var page = list(api, "");
        assertThat(page.getInt("total")).isEqualTo(3);
        assertThat(page.getJsonArray("events").stream().map(v -> v.asJsonObject().getString("subscription_id")).distinct())
                .hasSize(3);
    }

    static Stream<Arguments> invalidPublications() {
        String ok = "\"workflow_id\":\"" + WORKFLOW + "\",\"workflow_name\":\"w\"";
        return Stream.of(
                Arguments.of("{" + ok + "}", "[\"body\",\"action\"]"),
                Arguments.of("{\"action\":\"workflow_exploded\"," + ok + "}", "[\"body\",\"action\"]"),
                Arguments.of("{\"action\":\"workflow_created\",\"workflow_name\":\"w\"}", "[\"body\",\"workflow_id\"]"),
                Arguments.of("{\"action\":\"workflow_created\",\"workflow_id\":\"64B7F0C2A1B2C3D4E5F60718\",\"workflow_name\":\"w\"}",
                        "[\"body\",\"workflow_id\"]"),
                Arguments.of("{\"action\":\"workflow_created\",\"workflow_id\":\"" + WORKFLOW + "\"}", "[\"body\",\"workflow_name\"]"),
                Arguments.of("{\"action\":\"workflow_created\",\"workflow_id\":\"" + WORKFLOW + "\",\"workflow_name\":\""
                        + "n".repeat(256) + "\"}", "[\"body\",\"workflow_name\"]"),
                Arguments.of("{\"action\":\"workflow_created\"," + ok + ",\"event_id\":\"a/b\"}", "[\"body\",\"event_id\"]"),
                Arguments.of("{\"action\":\"workflow_created\"," + ok + ",\"dedupe_key\":\"\"}", "[\"body\",\"dedupe_key\"]"),
                Arguments.of("{\"action\":\"workflow_created\"," + ok + ",\"payload\":[1,2]}", "[\"body\",\"payload\"]"),
                Arguments.of("{\"action\":\"workflow_created\"," + ok + ",\"payload\":\"text\"}", "[\"body\",\"payload\"]"),
                Arguments.of("{\"action\":\"workflow_created\"," + ok + ",\"payload\":{\"n\":[\"a\\u0000b\"]}}", "[\"body\",\"payload\",\"n\",0]"),
                Arguments.of("{\"action\":\"workflow_created\",\"workflow_id\":\"64b7f0c2a1b2c3d4e5f60718\",\"workflow_name\":\"a\\u0000b\"}", "[\"body\",\"workflow_name\"]"));
    }

    @ParameterizedTest
    @MethodSource("invalidPublications")
    void anInvalidPublicationIsA422NamingTheFieldAndCreatesNothing(String body, String loc) {
        var api = editor();
        subscribe(api);

        var reply = api.post(EVENTS, body);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.at("/detail/0/loc").toString()).isEqualTo(loc);
        assertThat(list(api, "").getInt("total")).isZero();
    }

    @Test
    void aViewerMayListButNeitherPublishNorRetry() {
        String team = TestTokens.newTeamId();
        var editor = as(team, "editor");
        subscribe(editor);
        publishCreated(editor, "w");
        var viewer = as(team, "viewer");
        String id = ids(list(viewer, "")).get(0);

        assertThat(viewer.post(EVENTS, "{\"action\":\"workflow_created\",\"workflow_id\":\"" + WORKFLOW
                + "\",\"workflow_name\":\"w\"}").status()).isEqualTo(403);
        assertThat(viewer.post(EVENTS + "/" + id + "/retry", null).status()).isEqualTo(403);
        assertThat(list(viewer, "").getInt("total")).isEqualTo(1);
    }

    // ---- listing -------------------------------------------------------------------------------

    @Test
    void pagesAreNewestFirstWithoutOverlapAndTotalCountsAllMatches() {
        var api = editor();
        subscribe(api);
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            published.add(publishCreated(api, "w" + i).getString("event_id"));
        }

        var first = list(api, "?size=3");
        var second = list(api, "?size=3&page=2");
        var third = list(api, "?size=3&page=3");
        var beyond = list(api, "?size=3&page=4");

        assertThat(List.of(first, second, third, beyond)).allSatisfy(p -> assertThat(p.getInt("total")).isEqualTo(7));
        List<String> all = new ArrayList<>();
        Stream.of(first, second, third).forEach(p -> all.addAll(
                p.getJsonArray("events").stream().map(v -> v.asJsonObject().getString("event_id")).toList()));
        List<String> newestFirst = new ArrayList<>(published);
        java.util.Collections.reverse(newestFirst);
        assertThat(all).containsExactlyElementsOf(newestFirst);
        assertThat(beyond.getJsonArray("events")).isEmpty();
        assertThat(list(api, "").getJsonArray("events")).hasSize(7);
    }

    @Test
    void recordsCreatedInTheSameMillisecondAreOrderedByIdDescending() {
        EventRows.assumeDatabase();
        String team = TestTokens.newTeamId();
        var api = as(team, "editor");
        subscribe(api);
        for (int i = 0; i < 4; i++) {
            publishCreated(api, "w" + i);
        }
        EventRows.update("update event_records set created_at = '2024-03-01T00:00:00Z' where team_id = ?", team);

        List<String> listed = ids(list(api, ""));

        assertThat(listed).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(ids(list(api, "?size=2&page=2"))).containsExactlyElementsOf(listed.subList(2, 4));
    }

    @Test
    void eachFilterNarrowsTheListAndTheTotal() {
        EventRows.assumeDatabase();
        String team = TestTokens.newTeamId();
        var api = as(team, "editor");
        String first = subscribe(api, "\"workflow_created\",\"workflow_deleted\"", true);
        String second = subscribe(api, "\"workflow_created\"", true);
        publishCreated(api, "Created one");
        publish(api, """
                {"action":"workflow_deleted","workflow_id":"%s","workflow_name":"Deleted one"}""".formatted(OTHER_WORKFLOW));
        String failed = ids(list(api, "?subscription_id=" + second)).get(0);
        EventRows.update("update event_records set status = 'FAILED', due_at = null where id = ?", failed);

        assertThat(list(api, "").getInt("total")).isEqualTo(3);
        assertThat(list(api, "?subscription_id=" + first).getInt("total")).isEqualTo(2);
        assertThat(list(api, "?subscription_id=" + second).getInt("total")).isEqualTo(1);
        assertThat(list(api, "?workflow_id=" + OTHER_WORKFLOW).getInt("total")).isEqualTo(1);
        assertThat(list(api, "?action=workflow_created").getInt("total")).isEqualTo(2);
        assertThat(list(api, "?action=workflow_deleted").getInt("total")).isEqualTo(1);
        assertThat(list(api, "?status=failed").getInt("total")).isEqualTo(1);
        assertThat(ids(list(api, "?status=failed"))).containsExactly(failed);
        assertThat(list(api, "?status=pending").getInt("total")).isEqualTo(2);
        assertThat(list(api, "?status=delivered").getInt("total")).isZero();
        assertThat(list(api, "?status=pending&action=workflow_created&subscription_id=" + first).getInt("total")).isEqualTo(1);
        assertThat(list(api, "?subscription_id=" + first + "&workflow_id=" + WORKFLOW).getInt("total")).isEqualTo(1);
    }

    @Test
    void searchIgnoresCaseAndLooksAtNameIdsDedupeKeyAndLastError() {
        EventRows.assumeDatabase();
        String team = TestTokens.newTeamId();
        var api = as(team, "editor");
        subscribe(api);
        publish(api, """
                {"action":"workflow_run_completed","workflow_id":"%s","workflow_name":"Quarterly Billing",
                 "workflow_run_id":"RUN-4711","dedupe_key":"Order-555","event_id":"evt-Alpha"}""".formatted(WORKFLOW));
        publish(api, """
                {"action":"workflow_created","workflow_id":"%s","workflow_name":"Other"}""".formatted(OTHER_WORKFLOW));
        EventRows.update("""
                update event_records set last_error = 'Receiver said: Gateway Timeout',
                    search_facets = search_facets || chr(10) || 'receiver said: gateway timeout'
                where team_id = ? and workflow_name = 'Other'""", team);

        assertThat(list(api, "?search=billing").getInt("total")).isEqualTo(1);
        assertThat(list(api, "?search=QUARTERLY%20bill").getInt("total")).isEqualTo(1);
        assertThat(list(api, "?search=run-4711").getInt("total")).isEqualTo(1);
        assertThat(list(api, "?search=order-555").getInt("total")).isEqualTo(1);
        assertThat(list(api, "?search=EVT-alpha").getInt("total")).isEqualTo(1);
        assertThat(list(api, "?search=" + OTHER_WORKFLOW.substring(10)).getInt("total")).isEqualTo(1);
        assertThat(list(api, "?search=gateway%20TIMEOUT").getInt("total")).isEqualTo(1);
        assertThat(list(api, "?search=nothing-like-this").getInt("total")).isZero();
        assertThat(list(api, "?search=%20%20").getInt("total")).isEqualTo(2);
    }

    @Test
    void aSearchsTotalCountsEveryMatchOnceWhetherItsNameErrorOrOwnIdsMatch() {
        EventRows.assumeDatabase();
        String team = TestTokens.newTeamId();
        var api = as(team, "editor");
        subscribe(api);
        String second = subscribe(api);
        publish(api, """
                {"action":"workflow_created","workflow_id":"%s","workflow_name":"Nightly Sync"}""".formatted(WORKFLOW));
        publish(api, """
                {"action":"workflow_run_completed","workflow_id":"%s","workflow_name":"Other","workflow_run_id":"sync-run-7"}"""
                .formatted(OTHER_WORKFLOW));
        publish(api, """
                {"action":"workflow_created","workflow_id":"%s","workflow_name":"Sync both","dedupe_key":"sync-key"}"""
                .formatted(WORKFLOW));
        publish(api, """
                {"action":"workflow_created","workflow_id":"%s","workflow_name":"Unrelated"}""".formatted(WORKFLOW));
        // as a booking writes a new last error: the record's shared values change, and with them what matches
        EventRows.update("""
                update event_records set last_error = 'Resync refused', status = 'FAILED', due_at = null,
                    search_facets = search_facets || chr(10) || 'resync refused'
                where team_id = ? and subscription_id = ? and workflow_name in ('Unrelated', 'Nightly Sync')""", team, second);

        // size=1 makes every page full, so total is counted rather than read off the page; size=100 lists them all
        assertThat(list(api, "?size=100&search=SYNC").getJsonArray("events")).hasSize(7);
        assertThat(list(api, "?size=1&search=SYNC").getInt("total")).isEqualTo(7);
        assertThat(list(api, "?size=1&search=sync-").getInt("total")).isEqualTo(4);
        assertThat(list(api, "?size=1&search=resync").getInt("total")).isEqualTo(2);
        assertThat(list(api, "?size=1&search=sync&subscription_id=" + second).getInt("total")).isEqualTo(4);
        assertThat(list(api, "?size=1&search=sync&status=failed").getInt("total")).isEqualTo(2);
        assertThat(list(api, "?size=1&search=sync&action=workflow_run_completed").getInt("total")).isEqualTo(2);
        assertThat(list(api, "?size=1&search=sync&workflow_id=" + OTHER_WORKFLOW).getInt("total")).isEqualTo(2);
        assertThat(list(api, "?size=1&search=sync&end=2000-01-01T00:00:00Z").getInt("total")).isZero();
        assertThat(list(api, "?size=1&search=nothing-like-this").getInt("total")).isZero();
        assertThat(list(as(TestTokens.newTeamId(), "viewer"), "?size=1&search=sync").getInt("total")).isZero();
        EventRows.update("""
                update event_records set created_at = '2024-03-01T10:00:00Z'::timestamptz
                where team_id = ? and workflow_name = 'Nightly Sync'""", team);
        assertThat(list(api, "?size=1&search=sync&start=2024-03-01T10:00:00Z&end=2024-03-01T10:00:00.001Z").getInt("total")).isEqualTo(2);
        assertThat(list(api, "?size=1&search=sync&start=2024-03-01T10:00:00.001Z&end=2024-03-02T00:00:00Z").getInt("total")).isZero();
        assertThat(list(api, "?size=1&search=sync&start=2024-03-02T00:00:00Z").getInt("total")).isEqualTo(5);

        EventRows.update("delete from event_records where team_id = ? and workflow_name = 'Sync both'", team);
        assertThat(list(api, "?size=1&search=sync").getInt("total")).isEqualTo(5);
        assertThat(list(api, "?size=1&search=sync-").getInt("total")).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "_", "\\", "%25", "' or '1'='1", "\"); drop table event_records; --"})
    void searchWordsAreDataNeverWildcardsOrSql(String words) {
        var api = editor();
        subscribe(api);
        publishCreated(api, "plain name");
        publishCreated(api, "50% off_sale");

        var page = list(api, "?search=" + encode(words));

        long expected = Set.of("%", "_").contains(words) ? 1 : 0;
        assertThat(page.getInt("total")).isEqualTo((int) expected);
        assertThat(list(api, "").getInt("total")).isEqualTo(2);
    }

    @Test
    void theTimeWindowIncludesItsStartAndExcludesItsEnd() {
        EventRows.assumeDatabase();
        String team = TestTokens.newTeamId();
        var api = as(team, "editor");
        subscribe(api);
        String[] names = {"t0", "t1", "t2", "t3"};
        String[] times = {"2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z", "2024-01-04T00:00:00.500Z"};
        for (int i = 0; i < names.length; i++) {
            publishCreated(api, names[i]);
            EventRows.update("update event_records set created_at = ?::timestamptz where team_id = ? and workflow_name = ?",
                    times[i], team, names[i]);
        }

        assertThat(names(list(api, "?start=2024-01-02T00:00:00Z"))).containsExactly("t3", "t2", "t1");
        assertThat(names(list(api, "?end=2024-01-03T00:00:00Z"))).containsExactly("t1", "t0");
        assertThat(names(list(api, "?start=2024-01-02T00:00:00Z&end=2024-01-03T00:00:00Z"))).containsExactly("t1");
        assertThat(names(list(api, "?start=2024-01-02T00:00:00Z&end=2024-01-02T00:00:00Z"))).isEmpty();
        assertThat(names(list(api, "?start=" + encode("2024-01-02T01:00:00+01:00")))).containsExactly("t3", "t2", "t1");
        assertThat(names(list(api, "?start=2024-01-04T00:00:00.500Z"))).containsExactly("t3");
        assertThat(names(list(api, "?start=2024-01-04"))).containsExactly("t3");
        assertThat(list(api, "?start=2024-01-02T00:00:00Z").getInt("total")).isEqualTo(3);
    }

    @Test
    void totalsStayExactWhenRecordsChangeStatusAcrossDaysAndWindowEdges() {
        EventRows.assumeDatabase();
        String team = TestTokens.newTeamId();
        var api = as(team, "editor");
        subscribe(api);
        String[] times = {"2024-02-01T10:00:00Z", "2024-02-02T00:00:00Z", "2024-02-02T23:59:59.999Z",
                "2024-02-03T12:00:00Z", "2024-02-04T08:00:00Z", "2024-02-05T00:00:00Z"};
        for (int i = 0; i < times.length; i++) {
            publishCreated(api, "d" + i);
            EventRows.update("update event_records set created_at = ?::timestamptz where team_id = ? and workflow_name = ?",
                    times[i], team, "d" + i);
        }
        EventRows.update("update event_records set status = 'DELIVERED', due_at = null where team_id = ? and workflow_name in ('d1', 'd4')", team);

        // size=1 makes every page full, so total is counted rather than read off the page
        assertThat(list(api, "?size=1").getInt("total")).isEqualTo(6);
        assertThat(list(api, "?size=1&status=pending").getInt("total")).isEqualTo(4);
        assertThat(list(api, "?size=1&status=delivered&action=workflow_created").getInt("total")).isEqualTo(2);
        assertThat(list(api, "?size=1&action=workflow_deleted").getInt("total")).isZero();
        assertThat(list(api, "?size=1&start=2024-02-01T12:00:00Z&end=2024-02-04T09:00:00Z").getInt("total")).isEqualTo(4);
        assertThat(list(api, "?size=1&start=2024-02-02T00:00:00Z&end=2024-02-05T00:00:00Z").getInt("total")).isEqualTo(4);
        assertThat(list(api, "?size=1&start=2024-02-02T00:00:00Z&end=2024-02-05T00:00:00Z&status=pending").getInt("total")).isEqualTo(2);
        assertThat(list(api, "?size=1&start=2024-02-03T00:00:00Z").getInt("total")).isEqualTo(3);
        assertThat(list(api, "?size=1&end=2024-02-02T23:59:59.999Z").getInt("total")).isEqualTo(2);

        EventRows.update("delete from event_records where team_id = ? and workflow_name = 'd3'", team);
        assertThat(list(api, "?size=1").getInt("total")).isEqualTo(5);
        assertThat(list(api, "?size=1&status=pending&start=2024-02-03T00:00:00Z").getInt("total")).isEqualTo(1);
    }

    private static List<String> names(JsonObject page) {
        return page.getJsonArray("events").stream().map(v -> v.asJsonObject().getString("workflow_name")).toList();
    }

    static Stream<Arguments> invalidListQueries() {
        return Stream.of(
                Arguments.of("subscription_id=xyz", "subscription_id"),
                Arguments.of("subscription_id=5EB7CF5A86D9755DF3A6C593", "subscription_id"),
                Arguments.of("workflow_id=5eb7cf5a86d9755df3a6c5931", "workflow_id"),
                Arguments.of("action=workflow_exploded", "action"),
                Arguments.of("status=done", "status"),
                Arguments.of("status=PENDING", "status"),
                Arguments.of("page=0", "page"),
                Arguments.of("page=abc", "page"),
                Arguments.of("size=0", "size"),
                Arguments.of("size=1001", "size"),
                Arguments.of("start=yesterday", "start"),
                Arguments.of("end=2024-13-01T00:00:00Z", "end"),
                Arguments.of("start=2024-01-02T00:00:00Z&end=2024-01-01T00:00:00Z", "start"));
    }

    @ParameterizedTest
    @MethodSource("invalidListQueries")
    void anInvalidListQueryIsA422NamingTheParameter(String query, String parameter) {
        var reply = editor().get(EVENTS + "?" + query);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.at("/detail/0/loc").toString()).isEqualTo("[\"query\",\"" + parameter + "\"]");
        assertThat(reply.string("/detail/0/msg")).isNotBlank();
    }

    static Stream<Arguments> invalidReplayFilters() {
        return invalidListQueries().filter(a -> !List.of("page", "size").contains(a.get()[1]));
    }

    @ParameterizedTest
    @MethodSource("invalidReplayFilters")
    void aBulkReplayReadsTheListsFilterAndNamesABadParameterAsTheListDoes(String query, String parameter) {
        var reply = editor().post(EVENTS + "/replay?" + query, "");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.at("/detail/0/loc").toString()).isEqualTo("[\"query\",\"" + parameter + "\"]");
    }

    @Test
    void aTeamNeverSeesOrCountsAnotherTeamsEvents() {
        var mine = editor();
        var theirs = editor();
        subscribe(mine);
        String theirSubscription = subscribe(theirs);
        publishCreated(mine, "mine");
        publishCreated(theirs, "theirs");
        publishCreated(theirs, "theirs again");

        assertThat(list(mine, "").getInt("total")).isEqualTo(1);
        assertThat(list(mine, "?search=theirs").getInt("total")).isZero();
        assertThat(list(mine, "?subscription_id=" + theirSubscription).getInt("total")).isZero();
        assertThat(list(mine, "?workflow_id=" + WORKFLOW).getInt("total")).isEqualTo(1);
        assertThat(list(theirs, "").getInt("total")).isEqualTo(2);
    }

    // ---- retry ---------------------------------------------------------------------------------

    @Test
    void aRetryMakesAFailedRecordPendingAndDueNow() {
        EventRows.assumeDatabase();
        var api = editor();
        subscribe(api);
        String eventId = publishCreated(api, "w").getString("event_id");
        String id = ids(list(api, "")).get(0);
        EventRows.update("""
                update event_records set status = 'FAILED', due_at = null, attempts_count = 4, last_status_code = 500,
                    last_error = 'HTTP 500', last_attempt_at = now() where id = ?""", id);

        var reply = api.post(EVENTS + "/" + id + "/retry", null);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().getString("event_id")).isEqualTo(eventId);
        assertThat(reply.json().getString("message")).isNotBlank();
        var event = list(api, "").getJsonArray("events").getJsonObject(0);
        assertThat(event.getString("status")).isEqualTo("pending");
        assertThat(event.get("next_retry_at")).isEqualTo(JsonValue.NULL);
        assertThat(event.getInt("attempts_count")).isEqualTo(4);
        var row = EventRows.query("select due_at <= now() as due from event_records where id = ?", id).get(0);
        assertThat(row.get("due")).isEqualTo(true);
    }

    @Test
    void aRetryOfAMissingForeignOrMalformedRecordIsRefused() {
        var owner = editor();
        subscribe(owner);
        publishCreated(owner, "w");
        String id = ids(list(owner, "")).get(0);
        var stranger = editor();

        var foreign = stranger.post(EVENTS + "/" + id + "/retry", null);
        var missing = owner.post(EVENTS + "/5eb7cf5a86d9755df3a6c593/retry", null);
        var malformed = owner.post(EVENTS + "/not-an-id/retry", null);

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().getString("detail")).isEqualTo(missing.json().getString("detail"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(malformed.status()).isEqualTo(422);
        assertThat(malformed.at("/detail/0/loc").toString()).isEqualTo("[\"path\",\"id\"]");
    }

    @Test
    void aRecordOfADeletedSubscriptionCannotBeRetried() {
        var api = editor();
        String subscription = subscribe(api);
        publishCreated(api, "w");
        String id = ids(list(api, "")).get(0);
        assertThat(api.delete(SUBSCRIPTIONS + "/" + subscription).status()).isEqualTo(204);

        var reply = api.post(EVENTS + "/" + id + "/retry", null);

        assertThat(reply.status()).isEqualTo(409);
        assertThat(list(api, "").getJsonArray("events").getJsonObject(0).getString("status")).isEqualTo("failed");
    }

    // ---- attempts ------------------------------------------------------------------------------

    @Test
    void anEventsAttemptsAreListedNewestFirstWithEveryField() {
        EventRows.assumeDatabase();
        String team = TestTokens.newTeamId();
        var api = as(team, "viewer");
        var editor = as(team, "editor");
        String subscription = subscribe(editor);
        String eventId = publishCreated(editor, "w").getString("event_id");
        String record = ids(list(api, "")).get(0);
        EventRows.insertAttempt("65a000000000000000000001", record, eventId, subscription, team, 1, false, 503,
                "{\"busy\":true}", "HTTP 503 Service Unavailable", Instant.parse("2024-05-01T10:00:00Z"));
        EventRows.insertAttempt("65a000000000000000000002", record, eventId, subscription, team, 2, true, 200,
                "ok", null, Instant.parse("2024-05-01T10:00:10Z"));

        var reply = api.get(EVENTS + "/" + eventId + "/attempts");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        var page = reply.json();
        assertThat(page.getInt("total")).isEqualTo(2);
        var newest = page.getJsonArray("attempts").getJsonObject(0);
        assertThat(newest.keySet()).containsExactlyInAnyOrder("_id", "id", "event_id", "subscription_id", "attempt_number",
                "action", "request_url", "team_id", "created_by", "updated_by", "created_at", "updated_at", "success",
                "response_status_code", "response_body", "error_message", "latency_ms");
        assertThat(newest.getString("_id")).isEqualTo("65a000000000000000000002").isEqualTo(newest.getString("id"));
        assertThat(newest.getInt("attempt_number")).isEqualTo(2);
        assertThat(newest.getBoolean("success")).isTrue();
        assertThat(newest.get("error_message")).isEqualTo(JsonValue.NULL);
        assertThat(newest.getString("created_at")).isEqualTo("2024-05-01T10:00:10Z");
        var oldest = page.getJsonArray("attempts").getJsonObject(1);
        assertThat(oldest.getInt("response_status_code")).isEqualTo(503);
        assertThat(oldest.getString("response_body")).isEqualTo("{\"busy\":true}");
        assertThat(oldest.getInt("latency_ms")).isEqualTo(42);

        assertThat(api.get(EVENTS + "/" + eventId + "/attempts?search=service%20UNAVAILABLE").json().getInt("total")).isEqualTo(1);
        assertThat(api.get(EVENTS + "/" + eventId + "/attempts?start=2024-05-01T10:00:10Z").json().getInt("total")).isEqualTo(1);
        assertThat(api.get(EVENTS + "/" + eventId + "/attempts?end=2024-05-01T10:00:10Z").json().getInt("total")).isEqualTo(1);
        var second = api.get(EVENTS + "/" + eventId + "/attempts?size=1&page=2").json();
        assertThat(second.getInt("total")).isEqualTo(2);
        assertThat(second.getJsonArray("attempts").getJsonObject(0).getInt("attempt_number")).isEqualTo(1);
        assertThat(editor().get(EVENTS + "/" + eventId + "/attempts").status()).isEqualTo(404);
    }

    @Test
    void attemptsOfAnUnknownEventAreNotFoundAndBadParametersAre422() {
        var api = editor();
        subscribe(api);
        String eventId = publishCreated(api, "w").getString("event_id");

        assertThat(api.get(EVENTS + "/" + eventId + "/attempts").json().getInt("total")).isZero();
        assertThat(api.get(EVENTS + "/no-such-event/attempts").status()).isEqualTo(404);
        assertThat(api.get(EVENTS + "/" + eventId + "/attempts?page=0").at("/detail/0/loc").toString())
                .isEqualTo("[\"query\",\"page\"]");
        assertThat(api.get(EVENTS + "/" + eventId + "/attempts?size=1001").status()).isEqualTo(422);
        assertThat(api.get(EVENTS + "/" + eventId + "/attempts?start=soon").at("/detail/0/loc").toString())
                .isEqualTo("[\"query\",\"start\"]");
        assertThat(api.get(EVENTS + "/bad%20id/attempts").at("/detail/0/loc").toString())
                .isEqualTo("[\"path\",\"event_id\"]");
    }
}
