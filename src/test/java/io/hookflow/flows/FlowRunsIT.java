package io.hookflow.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.json.JsonObject;

import io.hookflow.testing.Api;
import io.hookflow.testing.DatabaseDump;
import io.hookflow.testing.Deployments;
import io.hookflow.testing.LoopbackReceiver;
import io.hookflow.testing.LoopbackReceiver.Reply;
import io.hookflow.testing.TestTokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Flows running on the engine against real receivers on 127.0.0.1: ordering, variables, retries, timeouts, status. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FlowRunsIT {

    private static final String FLOWS = "/v1/webhooks";
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hookflowWar();
    }

    private Api editor(UUID company) {
        return new Api(base).as(TestTokens.forCompany(company).roles("editor").mint());
    }

    private static String create(Api api, String json) {
        var created = api.post(FLOWS, json);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.string("/data/id");
    }

    private static String run(Api api, String flowId, String body) {
        var started = api.post(FLOWS + "/" + flowId + "/executions", body);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return started.string("/data/id");
    }

    /** Polls the execution until it is final (success or failed) and returns it with its steps. */
    static JsonObject awaitFinal(Api api, String flowId, String executionId, Duration within) {
        return awaitExecution(api, flowId, executionId, within,
                execution -> "success".equals(execution.getString("status")) || "failed".equals(execution.getString("status")));
    }

    static JsonObject awaitExecution(Api api, String flowId, String executionId, Duration within, Predicate<JsonObject> until) {
        return await("execution " + executionId).atMost(within).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(FLOWS + "/" + flowId + "/executions/" + executionId).json().getJsonObject("data"), until);
    }

    private static String flowStatus(Api api, String flowId) {
        return api.get(FLOWS + "/" + flowId).string("/data/status");
    }

    @Test
    void eachStepUsesWhatTheStepsBeforeItReturned() {
        try (var crm = LoopbackReceiver.start()) {
            crm.byDefault(request -> switch (request.path()) {
                case "/contacts" -> Reply.json(201, "{\"data\":{\"id\":\"c-42\"}}");
                case "/contacts/c-42" -> Reply.json(200, "{\"name\":\"Ada\"}").withHeader("X-Trace", "tr-7");
                default -> Reply.json(200, "{\"ok\":true}");
            });
            var api = editor(UUID.randomUUID());
            String flow = create(api, """
                    {"name":"three steps","flow_direction":"outbound",
                     "variables":[{"name":"contact_id","location":"$.data.id","stepId":1,"type":"response","dataType":"string"},
                                  {"name":"trace","location":"header:X-Trace","stepId":2,"type":"response","dataType":"string"}],
                     "steps":[
                       {"step_number":1,"webhook_url":"%1$s","webhook_method":"POST","webhook_body":{"email":"{{email}}"}},
                       {"step_number":2,"webhook_url":"%2$s/{{contact_id}}","webhook_method":"GET","depends_on_step":1,
                        "webhook_url_params":{"fields":"all"}},
                       {"step_number":3,"webhook_url":"%3$s","webhook_method":"PUT","depends_on_step":2,
                        "webhook_headers":{"X-Contact":"{{contact_id}}"},"webhook_body":{"trace":"{{trace}}","n":"{{n}}"}}]}"""
                    .formatted(crm.url("/contacts"), crm.url("/contacts"), crm.url("/notes")));

            String execution = run(api, flow, "{\"variables\":{\"email\":\"ada@example.org\",\"n\":3}}");
            var done = awaitFinal(api, flow, execution, WITHIN);

            assertThat(done.getString("status")).as(done.toString()).isEqualTo("success");
            assertThat(done.getString("executed_at")).isNotNull();
            assertThat(done.getString("finished_at")).isNotNull();
            var requests = crm.requests();
            assertThat(requests).extracting(LoopbackReceiver.Request::path).containsExactly("/contacts", "/contacts/c-42", "/notes");
            assertThat(requests.get(0).bodyText()).isEqualTo("{\"email\":\"ada@example.org\"}");
            assertThat(requests.get(0).header("content-type")).contains("application/json");
            assertThat(requests.get(1).query()).isEqualTo("fields=all");
            assertThat(requests.get(2).method()).isEqualTo("PUT");
            assertThat(requests.get(2).header("x-contact")).contains("c-42");
            assertThat(requests.get(2).bodyText()).isEqualTo("{\"trace\":\"tr-7\",\"n\":3}");
            assertThat(requests).allSatisfy(r -> assertThat(r.headers()).doesNotContainKeys("webhook-signature", "x-interactly-signature"));

            var steps = done.getJsonArray("steps");
            assertThat(steps).hasSize(3);
            var second = steps.getJsonObject(1);
            assertThat(second.getString("status")).isEqualTo("success");
            assertThat(second.getInt("attempts")).isEqualTo(1);
            assertThat(second.getString("request_method")).isEqualTo("GET");
            assertThat(second.getString("request_url")).isEqualTo(crm.url("/contacts/c-42") + "?fields=all");
            assertThat(second.getInt("response_status")).isEqualTo(200);
            assertThat(second.getJsonNumber("latency_ms").longValue()).isNotNegative();
            assertThat(second.getJsonObject("variables").getString("trace")).isEqualTo("tr-7");
            assertThat(steps.getJsonObject(0).getJsonObject("variables").getString("contact_id")).isEqualTo("c-42");
            assertThat(flowStatus(api, flow)).isEqualTo("scheduled");
        }
    }

    @Test
    void aSuccessConditionOnABodyFieldThatFailsFailsTheExecutionNamingTheStep() {
        try (var receiver = LoopbackReceiver.start()) {
            receiver.byDefault(request -> Reply.json(200, "{\"ok\":false}"));
            var api = editor(UUID.randomUUID());
            String flow = create(api, """
                    {"name":"conditional","max_retries":0,"steps":[
                       {"step_number":1,"webhook_url":"%s","success_condition":{"body":[{"path":"$.ok","op":"eq","value":true}]}},
                       {"step_number":2,"webhook_url":"%s","depends_on_step":1}]}""".formatted(receiver.url("/check"), receiver.url("/never")));

            var done = awaitFinal(api, flow, run(api, flow, null), WITHIN);

            assertThat(done.getString("status")).isEqualTo("failed");
            assertThat(done.getString("error_message")).startsWith("step 1 (GET " + receiver.url("/check") + ") failed")
                    .contains("$.ok is false, expected eq true");
            assertThat(done.getJsonArray("steps").getJsonObject(0).getString("status")).isEqualTo("failed");
            assertThat(done.getJsonArray("steps").getJsonObject(1).getString("status")).isEqualTo("skipped");
            assertThat(receiver.requests()).extracting(LoopbackReceiver.Request::path).containsExactly("/check");
            assertThat(flowStatus(api, flow)).isEqualTo("failed");
        }
    }

    @Test
    void aStepThatFailsOnceSucceedsOnItsRetry() {
        try (var receiver = LoopbackReceiver.start()) {
            receiver.thenReply(Reply.status(503));
            var api = editor(UUID.randomUUID());
            String flow = create(api, """
                    {"name":"flaky","max_retries":0,"steps":[{"step_number":1,"webhook_url":"%s","retry_limit":2,"timeout":60}]}"""
                    .formatted(receiver.url("/flaky")));

            var done = awaitFinal(api, flow, run(api, flow, null), WITHIN);

            assertThat(done.getString("status")).isEqualTo("success");
            var step = done.getJsonArray("steps").getJsonObject(0);
            assertThat(step.getInt("attempts")).isEqualTo(2);
            assertThat(step.getInt("response_status")).isEqualTo(200);
            assertThat(receiver.requests()).hasSize(2);
        }
    }

    @Test
    void aFailedExecutionIsRetriedAfterItsDelayAndThenSucceeds() {
        try (var receiver = LoopbackReceiver.start()) {
            receiver.thenReply(Reply.status(500));
            var api = editor(UUID.randomUUID());
            String flow = create(api, """
                    {"name":"retried","max_retries":2,"retry_delay":2,"retry_delay_unit":"seconds",
                     "steps":[{"step_number":1,"webhook_url":"%s"}]}""".formatted(receiver.url("/once-broken")));
            var done = awaitFinal(api, flow, run(api, flow, null), WITHIN);

            assertThat(done.getString("status")).isEqualTo("success");
            assertThat(done.getInt("attempt_number")).isEqualTo(2);
            assertThat(done.get("next_retry_at").toString()).isEqualTo("null");
            var requests = receiver.requests();
            assertThat(requests).hasSize(2);
            assertThat(Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
            assertThat(flowStatus(api, flow)).isEqualTo("scheduled");
        }
    }

    @Test
    void aRetryWaitsWithTheFlowInProgressAndNextRetryAtSet() {
        try (var receiver = LoopbackReceiver.start()) {
            receiver.byDefault(request -> Reply.status(500));
            var api = editor(UUID.randomUUID());
            String flow = create(api, """
                    {"name":"waits","max_retries":1,"retry_delay":1,"retry_delay_unit":"hours",
                     "steps":[{"step_number":1,"webhook_url":"%s"}]}""".formatted(receiver.url("/down")));
            String execution = run(api, flow, null);
            receiver.awaitRequests(1, WITHIN);

            JsonObject waiting = awaitExecution(api, flow, execution, WITHIN, e -> e.getInt("attempt_number") >= 2);

            assertThat(waiting.getString("status")).isEqualTo("scheduled");
            assertThat(waiting.getInt("attempt_number")).isEqualTo(2);
            assertThat(Instant.parse(waiting.getString("next_retry_at"))).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
            assertThat(waiting.getString("error_message")).contains("step 1").contains("status 500");
            assertThat(flowStatus(api, flow)).isEqualTo("in-progress");
        }
    }

    @Test
    void aStepThatOutlastsItsTimeoutFails() {
        try (var receiver = LoopbackReceiver.start()) {
            receiver.byDefault(request -> Reply.status(200).after(Duration.ofSeconds(5)));
            var api = editor(UUID.randomUUID());
            String flow = create(api, """
                    {"name":"slow","max_retries":0,"steps":[{"step_number":1,"webhook_url":"%s","webhook_timeout":2,"retry_limit":3,"timeout":2}]}"""
                    .formatted(receiver.url("/slow")));

            var done = awaitFinal(api, flow, run(api, flow, null), WITHIN);

            assertThat(done.getString("status")).isEqualTo("failed");
            var step = done.getJsonArray("steps").getJsonObject(0);
            assertThat(step.getString("status")).isEqualTo("failed");
            // the first try uses the whole time budget: no time is left for a retry
            assertThat(step.getString("error_message")).contains("within").contains("timeout of 2 s");
            assertThat(step.getInt("attempts")).isEqualTo(1);
        }
    }

    @Test
    void aMissingVariableFailsTheStepWithoutARequest() {
        try (var receiver = LoopbackReceiver.start()) {
            var api = editor(UUID.randomUUID());
            String flow = create(api, """
                    {"name":"needs input","max_retries":0,
                     "variables":[{"name":"age","location":"age","type":"input","dataType":"number"}],
                     "steps":[{"step_number":1,"webhook_url":"%s","webhook_method":"POST","webhook_body":{"age":"{{age}}"}}]}"""
                    .formatted(receiver.url("/age")));

            var done = awaitFinal(api, flow, run(api, flow, "{\"variables\":{\"age\":\"old\"}}"), WITHIN);

            assertThat(done.getString("status")).isEqualTo("failed");
            assertThat(done.getString("error_message")).contains("step 1").contains("{{age}}").contains("not a number");
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void aResponseVariableHoldingANulIsKeptWithTheCharacterReplacedAndTheNextStepUsesIt() {
        try (var receiver = LoopbackReceiver.start()) {
            receiver.byDefault(request -> "/first".equals(request.path())
                    ? Reply.json(200, "{\"v\":\"a\\u0000b\",\"o\":{\"k\\u0000\":[\"x\\u0000\"]}}")
                    : Reply.json(200, "{}"));
            var api = editor(UUID.randomUUID());
            String flow = create(api, """
                    {"name":"nul","flow_direction":"outbound",
                     "variables":[{"name":"v","location":"$.v","stepId":1,"type":"response","dataType":"string"},
                                  {"name":"o","location":"$.o","stepId":1,"type":"response","dataType":"json"}],
                     "steps":[{"step_number":1,"webhook_url":"%s"},
                              {"step_number":2,"webhook_url":"%s","webhook_method":"POST","depends_on_step":1,
                               "webhook_body":{"v":"{{v}}"}}]}""".formatted(receiver.url("/first"), receiver.url("/second")));

            var done = awaitFinal(api, flow, run(api, flow, "{}"), WITHIN);

            assertThat(done.getString("status")).as(done.toString()).isEqualTo("success");
            var variables = done.getJsonArray("steps").getJsonObject(0).getJsonObject("variables");
            assertThat(variables.getString("v")).isEqualTo("a\uFFFDb");
            assertThat(variables.getJsonObject("o").getJsonArray("k\uFFFD").getString(0)).isEqualTo("x\uFFFD");
            assertThat(receiver.requests().get(1).bodyText()).isEqualTo("{\"v\":\"a\uFFFDb\"}");
        }
    }

    @Test
    void anInboundBodyHoldingANulIsRefusedNamingTheInputAndStartsNothing() {
        try (var receiver = LoopbackReceiver.start()) {
            var api = editor(UUID.randomUUID());
            var created = api.post(FLOWS, """
                    {"name":"inbound","flow_direction":"inbound","flow_mapping":{"email":"$.lead.email"},
                     "steps":[{"step_number":1,"webhook_url":"%s"}]}""".formatted(receiver.url("/lead"))).json().getJsonObject("data");
            String flow = created.getString("id");

            var refused = new Api(base).withHeader("X-Flow-Token", created.getString("inbound_token"))
                    .post(FLOWS + "/" + flow + "/inbound", "{\"lead\":{\"email\":\"a\\u0000@example.org\"}}");

            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.string("/message")).startsWith("email: ").contains("NUL");
            assertThat(api.get(FLOWS + "/" + flow + "/executions").json().getJsonObject("data").getInt("total")).isZero();
        }
    }

    @Test
    void anInboundCallRunsTheFlowWithItsMappedInput() {
        try (var receiver = LoopbackReceiver.start()) {
            var api = editor(UUID.randomUUID());
            var created = api.post(FLOWS, """
                    {"name":"inbound","flow_direction":"inbound","flow_mapping":{"email":"$.lead.email"},
                     "steps":[{"step_number":1,"webhook_url":"%s","webhook_url_params":{"email":"{{email}}"}}]}"""
                    .formatted(receiver.url("/lead"))).json().getJsonObject("data");
            String flow = created.getString("id");

            var started = new Api(base).withHeader("X-Flow-Token", created.getString("inbound_token"))
                    .post(FLOWS + "/" + flow + "/inbound", "{\"lead\":{\"email\":\"a+b@example.org\"}}");
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            var done = awaitFinal(api, flow, started.string("/data/id"), WITHIN);

            assertThat(done.getString("status")).isEqualTo("success");
            assertThat(receiver.requests().get(0).query()).isEqualTo("email=a%2Bb%40example.org");
        }
    }

    @Test
    void anotherCompanySeesNoneOfTheExecutions() {
        try (var receiver = LoopbackReceiver.start()) {
            var owner = editor(UUID.randomUUID());
            var stranger = editor(UUID.randomUUID());
            String flow = create(owner, """
                    {"name":"private","steps":[{"step_number":1,"webhook_url":"%s"}]}""".formatted(receiver.url("/p")));
            String execution = run(owner, flow, null);
            awaitFinal(owner, flow, execution, WITHIN);

            assertThat(stranger.get(FLOWS + "/" + flow + "/executions").status()).isEqualTo(404);
            assertThat(stranger.get(FLOWS + "/" + flow + "/executions/" + execution).status()).isEqualTo(404);
            assertThat(stranger.post(FLOWS + "/" + flow + "/executions", "{}").status()).isEqualTo(404);
            String own = create(stranger, """
                    {"name":"theirs","steps":[{"step_number":1,"webhook_url":"%s"}]}""".formatted(receiver.url("/q")));
            assertThat(stranger.get(FLOWS + "/" + own + "/executions/" + execution).status()).isEqualTo(404);
            assertThat(owner.get(FLOWS + "/" + flow + "/executions").json().getJsonObject("data").getInt("total")).isEqualTo(1);
        }
    }

    @Test
    void aPoisonResponseOrATemplatedLineBreakFailsOnlyItsOwnExecutionWhileAnotherCompanysFlowRuns() {
        try (var receiver = LoopbackReceiver.start()) {
            receiver.byDefault(request -> "/poison".equals(request.path())
                    ? Reply.json(200, "{\"n\":1e2147483647}") : Reply.json(200, "{\"ok\":true}"));
            var poisoner = editor(UUID.randomUUID());
            String response = create(poisoner, """
                    {"name":"response poison","max_retries":0,
                     "variables":[{"name":"n","location":"$.n","stepId":1,"type":"response","dataType":"number"}],
                     "steps":[{"step_number":1,"webhook_url":"%s"},
                              {"step_number":2,"webhook_url":"%s","depends_on_step":1,"webhook_method":"POST","webhook_body":{"n":"{{n}}"}}]}"""
                    .formatted(receiver.url("/poison"), receiver.url("/after-poison")));
            String input = create(poisoner, """
                    {"name":"input poison","max_retries":0,
                     "steps":[{"step_number":1,"webhook_url":"%s","webhook_method":"POST","webhook_body":{"amount":"{{amount}}"}}]}"""
                    .formatted(receiver.url("/input-poison")));
            String header = create(poisoner, """
                    {"name":"header poison","max_retries":0,
                     "steps":[{"step_number":1,"webhook_url":"%s","webhook_headers":{"Authorization":"Bearer {{token}}"}}]}"""
                    .formatted(receiver.url("/header-poison")));
            var other = editor(UUID.randomUUID());
            String healthy = create(other, """
                    {"name":"healthy","steps":[{"step_number":1,"webhook_url":"%s"}]}""".formatted(receiver.url("/healthy")));

            String poisonedByResponse = run(poisoner, response, null);
            var refusedInput = poisoner.post(FLOWS + "/" + input + "/executions", "{\"variables\":{\"amount\":1e2147483647}}");
            String poisonedByHeader = run(poisoner, header, "{\"variables\":{\"token\":\"s3cr3t\\r\\nX-Evil: 1\"}}");
            String first = run(other, healthy, null);

            var byResponse = awaitFinal(poisoner, response, poisonedByResponse, WITHIN);
            assertThat(byResponse.getString("status")).isEqualTo("failed");
            assertThat(byResponse.getString("error_message")).contains("step 1").contains("{{n}}").contains("not a finite number");
            assertThat(refusedInput.status()).as(refusedInput.body()).isEqualTo(422);
            assertThat(refusedInput.string("/message")).contains("variables.amount").contains("out of range");
            var byHeader = awaitFinal(poisoner, header, poisonedByHeader, WITHIN);
            assertThat(byHeader.getString("status")).isEqualTo("failed");
            assertThat(byHeader.getString("error_message")).contains("Authorization").contains("control characters")
                    .doesNotContain("s3cr3t");
            assertThat(awaitFinal(other, healthy, first, WITHIN).getString("status")).isEqualTo("success");
            String second = run(other, healthy, null);
            assertThat(awaitFinal(other, healthy, second, WITHIN).getString("status")).isEqualTo("success");
            assertThat(receiver.requests()).extracting(LoopbackReceiver.Request::path)
                    .doesNotContain("/after-poison", "/input-poison", "/header-poison").contains("/poison", "/healthy");
        }
    }

    /** A flow whose constant, custom value and literal header are credentials, as an editor writes it. */
    private static String flowWithCredentials(String url, String constant, String custom, String header) {
        return """
                {"name":"with credentials","flow_direction":"outbound",
                 "predefinedVariables":[{"name":"api_key","value":"%2$s"}],
                 "variables":[{"name":"page_token","type":"custom","dataType":"string","customValue":"%3$s"}],
                 "steps":[{"step_number":1,"webhook_url":"%1$s","webhook_method":"GET",
                           "webhook_headers":{"Authorization":"Bearer {{api_key}}","X-Static":"%4$s"},
                           "webhook_url_params":{"page_token":"{{page_token}}"}}]}"""
                .formatted(url, constant, custom, header);
    }

    @Test
    void aViewerSeesFlowsAndRunsWithHeaderVariableAndUrlValuesMaskedWhileEditorsSeeThem() {
        String constant = "pk-" + UUID.randomUUID();
        String custom = "cv-" + UUID.randomUUID();
        String header = "hs-" + UUID.randomUUID();
        try (var crm = LoopbackReceiver.start()) {
            crm.byDefault(request -> Reply.json(200, "{\"token\":\"rt-1\"}"));
            var company = UUID.randomUUID();
            var editor = editor(company);
            var viewer = new Api(base).as(TestTokens.forCompany(company).roles("viewer").mint());
            String flow = create(editor, flowWithCredentials(crm.url("/items"), constant, custom, header));
            String execution = run(editor, flow, "{\"variables\":{\"who\":\"in-" + custom + "\"}}");
            var done = awaitFinal(editor, flow, execution, WITHIN);

            assertThat(done.getString("status")).as(done.toString()).isEqualTo("success");
            assertThat(crm.requests().get(0).header("authorization")).contains("Bearer " + constant);
            assertThat(crm.requests().get(0).header("x-static")).contains(header);
            assertThat(done.getJsonArray("steps").getJsonObject(0).getString("request_url")).contains("page_token=" + custom);
            var asEditor = editor.get(FLOWS + "/" + flow);
            assertThat(asEditor.body()).contains(constant, custom, header);

            var one = viewer.get(FLOWS + "/" + flow);
            var list = viewer.get(FLOWS);
            var runs = viewer.get(FLOWS + "/" + flow + "/executions");
            var detail = viewer.get(FLOWS + "/" + flow + "/executions/" + execution);
            for (var reply : java.util.List.of(one, list, runs, detail)) {
                assertThat(reply.status()).isEqualTo(200);
                assertThat(reply.body()).doesNotContain(constant, custom, header);
            }
            assertThat(one.string("/data/steps/0/webhook_headers/Authorization")).isEqualTo("***");
            assertThat(one.string("/data/steps/0/webhook_headers/X-Static")).isEqualTo("***");
            assertThat(one.string("/data/steps/0/webhook_url_params/page_token")).isEqualTo("***");
            assertThat(one.string("/data/predefinedVariables/0/name")).isEqualTo("api_key");
            assertThat(one.string("/data/predefinedVariables/0/value")).isEqualTo("***");
            assertThat(one.string("/data/variables/0/customValue")).isEqualTo("***");
            assertThat(one.string("/data/steps/0/webhook_url")).isEqualTo(crm.url("/items"));
            assertThat(detail.string("/data/steps/0/request_url")).isEqualTo(crm.url("/items") + "?page_token=***");
            assertThat(detail.string("/data/input/who")).isEqualTo("***");
        }
    }

    @Test
    void aDatabaseDumpHoldsNoSigningSecretBearerTokenOrFlowCredential() {
        Assumptions.assumeTrue(DatabaseDump.available(), "dumps the PostgreSQL test database");
        String constant = "pk-" + UUID.randomUUID();
        String custom = "cv-" + UUID.randomUUID();
        String header = "hs-" + UUID.randomUUID();
        String bearer = "bt-" + UUID.randomUUID();
        create(editor(UUID.randomUUID()), flowWithCredentials("http://127.0.0.1:9/items", constant, custom, header));
        var team = new Api(base).as(TestTokens.forTeam(TestTokens.newTeamId()).roles("editor").mint());
        var subscription = team.post("/workflows/v1/workflow-webhooks", """
                {"name":"dump","url":"https://example.org/hook","actions":["workflow_created"],"bearer_token":"%s"}"""
                .formatted(bearer));
        assertThat(subscription.status()).as(subscription.body()).isEqualTo(201);
        String id = subscription.string("/id");
        String firstSecret = subscription.string("/secret");
        assertThat(team.post("/workflows/v1/workflow-webhooks/" + id + "/secret/rotate", null).status()).isEqualTo(200);
        String secondSecret = team.get("/workflows/v1/workflow-webhooks/" + id + "/secret").string("/secret");
        assertThat(secondSecret).isNotEqualTo(firstSecret).startsWith("whsec_");

        String dump = DatabaseDump.take();

        assertThat(dump).contains(id);
        assertThat(dump).doesNotContain(firstSecret, secondSecret, bearer, constant, custom, header);
        assertThat(dump).doesNotContain(firstSecret.substring("whsec_".length()), secondSecret.substring("whsec_".length()));
    }

    @Test
    void aStepAnswered503Then503Then200ShowsItsThreeTriesOldestFirst() {
        try (var receiver = LoopbackReceiver.start()) {
            receiver.thenReply(Reply.status(503), Reply.json(503, "{\"busy\":true}"), Reply.json(200, "{\"ok\":true}"));
            var api = editor(UUID.randomUUID());
            String flow = create(api, """
                    {"name":"three tries","max_retries":0,"steps":[{"step_number":1,"webhook_url":"%s","webhook_method":"POST","retry_limit":3,"timeout":60}]}"""
                    .formatted(receiver.url("/flaky")));

            var done = awaitFinal(api, flow, run(api, flow, null), WITHIN);

            assertThat(done.getString("status")).isEqualTo("success");
            var step = done.getJsonArray("steps").getJsonObject(0);
            assertThat(step.getInt("attempts")).isEqualTo(3);
            var tries = step.getJsonArray("tries");
            assertThat(tries).hasSize(3);
            assertThat(tries.stream().map(t -> t.asJsonObject().getInt("try_number"))).containsExactly(1, 2, 3);
            assertThat(tries.stream().map(t -> t.asJsonObject().getInt("response_status"))).containsExactly(503, 503, 200);
            assertThat(tries.stream().map(t -> t.asJsonObject().getString("request_method"))).containsOnly("POST");
            assertThat(tries.stream().map(t -> t.asJsonObject().getString("request_url"))).containsOnly(receiver.url("/flaky"));
            assertThat(tries.getJsonObject(1).getString("response_body")).isEqualTo("{\"busy\":true}");
            assertThat(tries.getJsonObject(2).isNull("error_message")).isTrue();
            assertThat(tries.stream().map(t -> Instant.parse(t.asJsonObject().getString("started_at")))).isSorted();
        }
    }

    @Test
    void aStepWhoseRequestCannotBeBuiltFailsAloneAndAnotherCompanysFlowRuns() {
        try (var receiver = LoopbackReceiver.start()) {
            receiver.byDefault(request -> request.path().equals("/huge")
                    ? Reply.json(200, "{\"n\":1e2147483647}") : Reply.json(200, "{}"));
            var poisoned = editor(UUID.randomUUID());
            String poisonedFlow = create(poisoned, """
                    {"name":"huge number","max_retries":0,
                     "variables":[{"name":"n","location":"$.n","stepId":1,"type":"response","dataType":"number"}],
                     "steps":[{"step_number":1,"webhook_url":"%s"},
                              {"step_number":2,"depends_on_step":1,"webhook_url":"%s?n={{n}}"}]}"""
                    .formatted(receiver.url("/huge"), receiver.url("/next")));
            var healthy = editor(UUID.randomUUID());
            String healthyFlow = create(healthy, """
                    {"name":"healthy","steps":[{"step_number":1,"webhook_url":"%s"}]}""".formatted(receiver.url("/fine")));

            var failed = awaitFinal(poisoned, poisonedFlow, run(poisoned, poisonedFlow, null), WITHIN);
            var succeeded = awaitFinal(healthy, healthyFlow, run(healthy, healthyFlow, null), WITHIN);

            assertThat(failed.getString("status")).isEqualTo("failed");
            assertThat(failed.getString("error_message")).contains("step");
            assertThat(succeeded.getString("status")).isEqualTo("success");
            assertThat(receiver.requests().stream().map(LoopbackReceiver.Request::path)).doesNotContain("/next");
        }
    }
}
