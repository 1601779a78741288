package io.hookflow.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

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

/** The flows surface on the real WAR: shapes, validation, lifecycle, inbound tokens and tenancy. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FlowsIT {

    private static final String FLOWS = "/v1/webhooks";

    /** The fields of the seed's flow, in its order, then the contract's two additions and the operator's two. */
    private static final List<String> FLOW_FIELDS = List.of("id", "created_by", "company_id", "workspace_id", "name",
            "logo", "retry_delay", "retry_delay_unit", "max_retries", "status", "created_at", "updated_at", "executions",
            "steps", "is_template", "flow_direction", "flow_mapping", "tag_name", "category_name", "deleted_at",
            "predefinedVariables", "variables", "schedule", "next_run_at", "rate_limit_per_second", "disabled_reason");
    private static final List<String> EXECUTION_FIELDS = List.of("id", "status", "attempt_number", "executed_at",
            "created_at", "updated_at", "next_retry_at", "finished_at", "error_message");
    private static final List<String> STEP_FIELDS = List.of("id", "step_number", "webhook_url", "webhook_method",
            "webhook_timeout", "retry_limit", "timeout", "created_at", "updated_at", "webhook_url_params",
            "webhook_headers", "webhook_body", "depends_on_step", "success_condition", "deleted_at");

    private static final String THREE_STEPS = """
            {"name":"VTIGER BRING CONTACTS","logo":"https://cdn.example/logo.png","retry_delay":5,
             "retry_delay_unit":"seconds","max_retries":3,"tag_name":"lead1","category_name":"all leads",
             "flow_direction":"inbound","flow_mapping":{"email":"$.lead.email","score":"$.lead.score"},
             "predefinedVariables":[{"name":"crm","value":"http://127.0.0.1:9"}],
             "variables":[{"name":"contact_id","location":"$.data.id","stepId":1,"type":"response","dataType":"string","customValue":null},
                          {"name":"trace","location":"header:X-Trace","stepId":2,"type":"response","dataType":"string","customValue":null}],
             "steps":[
               {"step_number":1,"webhook_url":"http://127.0.0.1:9/contacts","webhook_method":"POST","webhook_timeout":10,
                "retry_limit":1,"timeout":30,"webhook_headers":{"Content-Type":"application/json"},"webhook_body":{"email":"{{email}}"},
                "success_condition":{"status":[200,201]}},
               {"step_number":2,"webhook_url":"http://127.0.0.1:9/contacts/{{contact_id}}","webhook_method":"GET","depends_on_step":1,
                "webhook_url_params":{"fields":"all"}},
               {"step_number":3,"webhook_url":"http://127.0.0.1:9/notes","webhook_method":"PUT","depends_on_step":2,
                "webhook_body":{"contact":"{{contact_id}}","trace":"{{trace}}"},"success_condition":{}}]}""";

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hookflowWar();
    }

    private Api as(UUID company, String role) {
        return new Api(base).as(TestTokens.forCompany(company).roles(role).mint());
    }

    private Api editor(UUID company) {
        return as(company, "editor");
    }

    private static void awaitFlowStatus(Api api, String id, String status) {
        await("flow " + id + " " + status).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get(FLOWS + "/" + id).string("/data/status"), status::equals);
    }

    private static List<String> keys(JsonObject object) {
        return new ArrayList<>(object.keySet());
    }

    private static String single(String name, String stepsJson) {
        return "{\"name\":\"" + name + "\",\"steps\":" + stepsJson + "}";
    }

    private static final String ONE_STEP = "[{\"step_number\":1,\"webhook_url\":\"http://127.0.0.1:9/x\"}]";

    @Test
    void theListHasTheSeedsShapeFieldForFieldInTheEnvelope() {
        var company = UUID.randomUUID();
        var api = editor(company);
        String id = api.post(FLOWS, THREE_STEPS).json().getJsonObject("data").getString("id");
        assertThat(api.post(FLOWS + "/" + id + "/executions", "{\"variables\":{\"email\":\"a@b.example\"}}").status()).isEqualTo(202);
        awaitFlowStatus(api, id, "failed"); // its execution ran out of retries (the receiver refuses)

        var reply = api.get(FLOWS);

        assertThat(reply.status()).isEqualTo(200);
        var body = reply.json();
        assertThat(keys(body)).containsExactly("status", "message", "data");
        assertThat(body.getString("status")).isEqualTo("ok");
        assertThat(body.getString("message")).isNotBlank();
        assertThat(body.getJsonArray("data")).hasSize(1);
        JsonObject flow = body.getJsonArray("data").getJsonObject(0);
        assertThat(keys(flow)).containsExactlyElementsOf(FLOW_FIELDS);
        assertThat(flow.getString("id")).isEqualTo(id);
        assertThat(flow.getString("company_id")).isEqualTo(company.toString());
        assertThat(flow.getString("created_by")).isEqualTo("tester");
        assertThat(flow.getString("workspace_id")).isEqualTo("default");
        assertThat(flow.getString("name")).isEqualTo("VTIGER BRING CONTACTS");
        assertThat(flow.getString("logo")).isEqualTo("https://cdn.example/logo.png");
        assertThat(flow.getInt("retry_delay")).isEqualTo(5);
        assertThat(flow.getString("retry_delay_unit")).isEqualTo("seconds");
        assertThat(flow.getInt("max_retries")).isEqualTo(3);
        assertThat(flow.getString("status")).isEqualTo("failed");
        assertThat(Instant.parse(flow.getString("created_at"))).isBeforeOrEqualTo(Instant.now());
        assertThat(flow.getString("created_at")).endsWith("Z");
        assertThat(flow.getBoolean("is_template")).isFalse();
        assertThat(flow.getString("flow_direction")).isEqualTo("inbound");
        assertThat(flow.getJsonObject("flow_mapping").getString("email")).isEqualTo("$.lead.email");
        assertThat(flow.getString("tag_name")).isEqualTo("lead1");
        assertThat(flow.getString("category_name")).isEqualTo("all leads");
        assertThat(flow.get("deleted_at")).isEqualTo(JsonValue.NULL);
        assertThat(flow.get("schedule")).isEqualTo(JsonValue.NULL);
        assertThat(flow.get("next_run_at")).isEqualTo(JsonValue.NULL);

        var predefined = flow.getJsonArray("predefinedVariables").getJsonObject(0);
        assertThat(keys(predefined)).containsExactly("name", "value");
        var variable = flow.getJsonArray("variables").getJsonObject(0);
        assertThat(keys(variable)).containsExactly("name", "location", "stepId", "type", "dataType", "customValue");
        assertThat(variable.get("customValue")).isEqualTo(JsonValue.NULL);
        assertThat(variable.getInt("stepId")).isEqualTo(1);
        assertThat(variable.getString("dataType")).isEqualTo("string");

        var steps = flow.getJsonArray("steps");
        assertThat(steps).hasSize(3);
        JsonObject second = steps.getJsonObject(1);
        assertThat(keys(second)).containsExactlyElementsOf(STEP_FIELDS);
        assertThat(second.getInt("step_number")).isEqualTo(2);
        assertThat(second.getString("webhook_method")).isEqualTo("GET");
        assertThat(second.getInt("depends_on_step")).isEqualTo(1);
        assertThat(second.getInt("webhook_timeout")).isEqualTo(30);
        assertThat(second.getInt("retry_limit")).isZero();
        assertThat(second.getInt("timeout")).isEqualTo(30);
        assertThat(second.getJsonObject("webhook_url_params").getString("fields")).isEqualTo("all");
        assertThat(second.getJsonObject("success_condition")).isEmpty();
        assertThat(second.get("webhook_body")).isEqualTo(JsonValue.NULL);
        assertThat(steps.getJsonObject(0).getJsonObject("webhook_body").getString("email")).isEqualTo("{{email}}");
        assertThat(steps.getJsonObject(0).getJsonObject("success_condition").getJsonArray("status").getInt(1)).isEqualTo(201);
        assertThat(steps.getJsonObject(0).get("depends_on_step")).isEqualTo(JsonValue.NULL);

        var executions = flow.getJsonArray("executions");
        assertThat(executions).hasSize(1);
        assertThat(keys(executions.getJsonObject(0))).containsExactlyElementsOf(EXECUTION_FIELDS);
        assertThat(executions.getJsonObject(0).getInt("attempt_number")).isEqualTo(4); // the first and its max_retries 3
        assertThat(flow.containsKey("inbound_token")).isFalse();
    }

    @Test
    void createAnswers201WithTheInboundTokenOnceAndTheDefaults() {
        var api = editor(UUID.randomUUID());

        var created = api.post(FLOWS, single("minimal", ONE_STEP));

        assertThat(created.status()).isEqualTo(201);
        var flow = created.json().getJsonObject("data");
        assertThat(flow.getString("inbound_token")).startsWith("flt_");
        assertThat(flow.getString("workspace_id")).isEqualTo("default");
        assertThat(flow.getString("flow_direction")).isEqualTo("outbound");
        assertThat(flow.getString("retry_delay_unit")).isEqualTo("seconds");
        assertThat(flow.getJsonArray("predefinedVariables")).isEmpty();
        assertThat(flow.getJsonArray("executions")).isEmpty();
        var step = flow.getJsonArray("steps").getJsonObject(0);
        assertThat(step.getString("webhook_method")).isEqualTo("GET");
        assertThat(step.getJsonObject("webhook_headers")).isEmpty();

        var read = api.get(FLOWS + "/" + flow.getString("id"));
        assertThat(read.status()).isEqualTo(200);
        assertThat(keys(read.json().getJsonObject("data"))).containsExactlyElementsOf(FLOW_FIELDS);
    }

    @Test
    void aReplacedFlowHasOnlyItsNewSteps() {
        var api = editor(UUID.randomUUID());
        var created = api.post(FLOWS, THREE_STEPS).json().getJsonObject("data");
        String id = created.getString("id");

        var replaced = api.put(FLOWS + "/" + id, """
                {"name":"renamed","retry_delay":2,"retry_delay_unit":"minutes",
                 "steps":[{"step_number":1,"webhook_url":"http://127.0.0.1:9/only","webhook_method":"delete"}]}""");

        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        var flow = replaced.json().getJsonObject("data");
        assertThat(flow.getString("name")).isEqualTo("renamed");
        assertThat(flow.getString("retry_delay_unit")).isEqualTo("minutes");
        assertThat(flow.getJsonArray("variables")).isEmpty();
        assertThat(flow.getJsonArray("steps")).hasSize(1);
        var step = flow.getJsonArray("steps").getJsonObject(0);
        assertThat(step.getString("webhook_method")).isEqualTo("DELETE");
        assertThat(step.getString("id")).isNotEqualTo(created.getJsonArray("steps").getJsonObject(0).getString("id"));
        assertThat(api.get(FLOWS + "/" + id).json().getJsonObject("data").getJsonArray("steps")).hasSize(1);
    }

    private static void assertRefused(Api.Reply reply, String... messageParts) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        var body = reply.json();
        assertThat(keys(body)).containsExactly("status", "message", "data");
        assertThat(body.getString("status")).isEqualTo("error");
        assertThat(body.get("data")).isEqualTo(JsonValue.NULL);
        assertThat(body.getString("message")).contains(messageParts);
    }

    @Test
    void aFlowThatBreaksARuleIsRefusedWith422NamingIt() {
        var api = editor(UUID.randomUUID());

        assertRefused(api.post(FLOWS, single("dup", """
                [{"step_number":1,"webhook_url":"http://127.0.0.1:9"},{"step_number":1,"webhook_url":"http://127.0.0.1:9"}]""")),
                "steps[1].step_number", "already used");
        assertRefused(api.post(FLOWS, single("unknown", """
                [{"step_number":1,"webhook_url":"http://127.0.0.1:9","depends_on_step":5}]""")),
                "steps[0].depends_on_step", "step 5 does not exist");
        assertRefused(api.post(FLOWS, single("cycle", """
                [{"step_number":1,"webhook_url":"http://127.0.0.1:9","depends_on_step":3},
                 {"step_number":2,"webhook_url":"http://127.0.0.1:9","depends_on_step":1},
                 {"step_number":3,"webhook_url":"http://127.0.0.1:9","depends_on_step":2}]""")),
                "depends_on_step", "cycle");
        assertRefused(api.post(FLOWS, single("method", """
                [{"step_number":1,"webhook_url":"http://127.0.0.1:9","webhook_method":"FETCH"}]""")),
                "steps[0].webhook_method", "GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD");
        assertRefused(api.post(FLOWS, """
                {"name":"unit","retry_delay_unit":"weeks","steps":%s}""".formatted(ONE_STEP)),
                "retry_delay_unit", "seconds, minutes, hours, days");
        assertRefused(api.post(FLOWS, single("relative", """
                [{"step_number":1,"webhook_url":"/contacts"}]""")),
                "steps[0].webhook_url", "absolute http or https URL");
        assertRefused(api.post(FLOWS, """
                {"name":"late variable","variables":[{"name":"tok","location":"$.token","stepId":2,"type":"response","dataType":"string"}],
                 "steps":[{"step_number":1,"webhook_url":"http://127.0.0.1:9/{{tok}}"},{"step_number":2,"webhook_url":"http://127.0.0.1:9/login"}]}"""),
                "variables[0].stepId", "step 2 does not run before step 1");
        assertRefused(api.post(FLOWS, """
                {"name":"ghost","variables":[{"name":"tok","location":"$.token","stepId":7,"type":"response"}],"steps":%s}""".formatted(ONE_STEP)),
                "variables[0].stepId", "step 7 does not exist");
        assertRefused(api.post(FLOWS, """
                {"name":"cron","schedule":{"cron":"every day","timezone":"UTC"},"steps":%s}""".formatted(ONE_STEP)),
                "schedule.cron");
        assertRefused(api.post(FLOWS, "{\"name\":\"no steps\",\"steps\":[]}"), "steps");
        assertRefused(api.post(FLOWS, "{\"steps\":" + ONE_STEP + "}"), "name");

        assertThat(api.get(FLOWS).json().getJsonArray("data")).isEmpty();
    }

    @Test
    void aPoisonNumberARegexFilterAndALineBreakInAHeaderAreRefusedAtWrite() {
        var api = editor(UUID.randomUUID());

        assertRefused(api.post(FLOWS, """
                {"name":"number","variables":[{"name":"n","type":"custom","dataType":"number","customValue":"1e2147483647"}],
                 "steps":%s}""".formatted(ONE_STEP)), "variables[0].customValue", "out of range");
        assertRefused(api.post(FLOWS, """
                {"name":"number","predefinedVariables":[{"name":"p","value":1e2147483000}],"steps":%s}""".formatted(ONE_STEP)),
                "predefinedVariables[0].value", "out of range");
        assertRefused(api.post(FLOWS, single("body number", """
                [{"step_number":1,"webhook_url":"http://127.0.0.1:9","webhook_method":"POST","webhook_body":{"n":[1,1e999]}}]""")),
                "steps[0].webhook_body.n[1]", "out of range");
        assertRefused(api.post(FLOWS, single("regex", """
                [{"step_number":1,"webhook_url":"http://127.0.0.1:9",
                  "success_condition":{"body":[{"path":"$.items[?(@.a =~ /(.*a){12}b/)]","op":"exists"}]}}]""")),
                "steps[0].success_condition", "=~");
        assertRefused(api.post(FLOWS, """
                {"name":"regex","variables":[{"name":"v","location":"$.items[?(@.a =~ /(.*a){12}b/)]","stepId":1,"type":"response"}],
                 "steps":%s}""".formatted(ONE_STEP)), "variables[0].location", "=~");
        assertRefused(api.post(FLOWS, """
                {"name":"regex","flow_direction":"inbound","flow_mapping":{"v":"$[?(@.a =~ /a/)]"},"steps":%s}""".formatted(ONE_STEP)),
                "flow_mapping.v", "=~");
        var newline = api.post(FLOWS, single("newline", """
                [{"step_number":1,"webhook_url":"http://127.0.0.1:9","webhook_headers":{"Authorization":"Bearer s3cr3t\\n"}}]"""));
        assertRefused(newline, "steps[0].webhook_headers.Authorization", "control characters");
        assertThat(newline.body()).doesNotContain("s3cr3t");

        assertThat(api.get(FLOWS).json().getJsonArray("data")).isEmpty();
    }

    @Test
    void aStoppedFlowRefusesExecutionsUntilStartedAgain() {
        var api = editor(UUID.randomUUID());
        String id = api.post(FLOWS, single("pausable", ONE_STEP)).json().getJsonObject("data").getString("id");

        var stopped = api.post(FLOWS + "/" + id + "/stop", null);
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.string("/data/status")).isEqualTo("stopped");

        var refused = api.post(FLOWS + "/" + id + "/executions", "{}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.string("/status")).isEqualTo("error");
        assertThat(refused.string("/message")).contains("stopped").contains("/start");

        assertThat(api.post(FLOWS + "/" + id + "/start", null).string("/data/status")).isEqualTo("scheduled");
        assertThat(api.post(FLOWS + "/" + id + "/executions", null).status()).isEqualTo(202);
    }

    @Test
    void aRunIsAnExecutionWithItsInputAndOneResultPerStep() {
        var api = editor(UUID.randomUUID());
        String id = api.post(FLOWS, THREE_STEPS.replace("\"max_retries\":3,", "\"max_retries\":0,"))
                .json().getJsonObject("data").getString("id");

        var run = api.post(FLOWS + "/" + id + "/executions", "{\"variables\":{\"email\":\"x@y.example\",\"n\":3}}");

        assertThat(run.status()).as(run.body()).isEqualTo(202);
        var execution = run.json().getJsonObject("data");
        assertThat(execution.getString("flow_id")).isEqualTo(id);
        assertThat(execution.getString("trigger")).isEqualTo("manual");
        assertThat(execution.getJsonObject("input").getString("email")).isEqualTo("x@y.example");
        assertThat(execution.getInt("attempt_number")).isEqualTo(1);
        String executionId = execution.getString("id");

        var page = api.get(FLOWS + "/" + id + "/executions?page=1&size=5");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().getJsonObject("data").getInt("total")).isEqualTo(1);
        assertThat(page.string("/data/executions/0/id")).isEqualTo(executionId);
        assertThat(page.json().getJsonObject("data").getJsonArray("executions").getJsonObject(0).containsKey("steps")).isFalse();
        assertThat(api.get(FLOWS + "/" + id + "/executions?status=success").json().getJsonObject("data").getInt("total")).isZero();
        assertThat(api.get(FLOWS + "/" + id + "/executions?status=done").status()).isEqualTo(422);

        var detail = await("execution " + executionId).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(FLOWS + "/" + id + "/executions/" + executionId),
                        reply -> reply.status() != 200 || "failed".equals(reply.string("/data/status")));
        assertThat(detail.status()).isEqualTo(200);
        var steps = detail.json().getJsonObject("data").getJsonArray("steps");
        assertThat(steps).hasSize(3);
        assertThat(steps.getJsonObject(2).getInt("step_number")).isEqualTo(3);
        // the receiver refuses: step 1 fails after its retry, the steps that depend on it never run
        assertThat(steps.getJsonObject(0).getString("status")).isEqualTo("failed");
        assertThat(steps.getJsonObject(1).getString("status")).isEqualTo("skipped");
        assertThat(steps.getJsonObject(2).getString("status")).isEqualTo("skipped");

        assertThat(api.get(FLOWS + "/" + id + "/executions/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void anInboundCallNeedsTheFlowsTokenAndMapsItsBodyToTheInput() {
        var api = editor(UUID.randomUUID());
        var created = api.post(FLOWS, THREE_STEPS).json().getJsonObject("data");
        String id = created.getString("id");
        String token = created.getString("inbound_token");
        var anonymous = new Api(base);

        var wrong = anonymous.withHeader("X-Flow-Token", "flt_wrong").post(FLOWS + "/" + id + "/inbound", "{\"lead\":{}}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.string("/status")).isEqualTo("error");
        assertThat(wrong.string("/message")).contains("X-Flow-Token");
        assertThat(anonymous.post(FLOWS + "/" + id + "/inbound", "{}").status()).isEqualTo(401);
        assertThat(api.get(FLOWS + "/" + id + "/executions").json().getJsonObject("data").getInt("total")).isZero();

        var started = anonymous.withHeader("X-Flow-Token", token)
                .post(FLOWS + "/" + id + "/inbound", "{\"lead\":{\"email\":\"in@bound.example\",\"score\":9,\"extra\":true}}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        var input = started.json().getJsonObject("data").getJsonObject("input");
        assertThat(keys(input)).containsExactlyInAnyOrder("email", "score");
        assertThat(input.getString("email")).isEqualTo("in@bound.example");
        assertThat(input.getInt("score")).isEqualTo(9);
        assertThat(started.string("/data/trigger")).isEqualTo("inbound");

        var notJson = anonymous.withHeader("X-Flow-Token", token).post(FLOWS + "/" + id + "/inbound", "lead=1");
        assertThat(notJson.status()).isEqualTo(400);

        var outbound = api.post(FLOWS, single("outbound", ONE_STEP)).json().getJsonObject("data");
        var refused = anonymous.withHeader("X-Flow-Token", outbound.getString("inbound_token"))
                .post(FLOWS + "/" + outbound.getString("id") + "/inbound", "{}");
        assertThat(refused.status()).isEqualTo(409);
    }

    @Test
    void aTemplateIsClonedIntoAnOrdinaryFlowAndOtherFlowsAreNot() {
        var api = editor(UUID.randomUUID());
        String template = api.post(FLOWS, THREE_STEPS.replace("\"max_retries\":3,", "\"max_retries\":3,\"is_template\":true,"))
                .json().getJsonObject("data").getString("id");
        String plain = api.post(FLOWS, single("plain", ONE_STEP)).json().getJsonObject("data").getString("id");

        var clone = api.post(FLOWS + "/" + template + "/clone", "{\"name\":\"my copy\",\"workspace_id\":\"sales\"}");

        assertThat(clone.status()).as(clone.body()).isEqualTo(201);
        var copy = clone.json().getJsonObject("data");
        assertThat(copy.getString("id")).isNotEqualTo(template);
        assertThat(copy.getString("name")).isEqualTo("my copy");
        assertThat(copy.getString("workspace_id")).isEqualTo("sales");
        assertThat(copy.getBoolean("is_template")).isFalse();
        assertThat(copy.getString("inbound_token")).startsWith("flt_");
        assertThat(copy.getJsonArray("steps")).hasSize(3);
        assertThat(copy.getJsonArray("variables")).hasSize(2);

        assertThat(api.get(FLOWS + "?workspace_id=sales").json().getJsonArray("data")).hasSize(1);
        assertThat(api.get(FLOWS).json().getJsonArray("data")).hasSize(2);

        var refused = api.post(FLOWS + "/" + plain + "/clone", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.string("/message")).contains("not a template");
    }

    @Test
    void aScheduledFlowReportsItsNextRunWhileItTakesExecutions() {
        var api = editor(UUID.randomUUID());
        var flow = api.post(FLOWS, """
                {"name":"quarterly","schedule":{"cron":"*/15 * * * *","timezone":"Europe/Berlin"},"steps":%s}""".formatted(ONE_STEP))
                .json().getJsonObject("data");
        String id = flow.getString("id");

        assertThat(flow.getJsonObject("schedule").getString("cron")).isEqualTo("*/15 * * * *");
        assertThat(flow.getJsonObject("schedule").getString("timezone")).isEqualTo("Europe/Berlin");
        Instant next = Instant.parse(flow.getString("next_run_at"));
        assertThat(next).isAfter(Instant.now().minusSeconds(5)).isBefore(Instant.now().plusSeconds(15 * 60 + 5));
        assertThat(next.getEpochSecond() % (15 * 60)).isZero();

        assertThat(api.post(FLOWS + "/" + id + "/stop", null).json().getJsonObject("data").get("next_run_at")).isEqualTo(JsonValue.NULL);
        assertThat(api.post(FLOWS + "/" + id + "/start", null).string("/data/next_run_at")).isNotNull();
    }

    @Test
    void aDeletedFlowIsGoneAndItsPendingExecutionsStop() throws Exception {
        var api = editor(UUID.randomUUID());
        String id = api.post(FLOWS, single("doomed", ONE_STEP)).json().getJsonObject("data").getString("id");
        String executionId = api.post(FLOWS + "/" + id + "/executions", "{}").string("/data/id");

        var deleted = api.delete(FLOWS + "/" + id);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.string("/status")).isEqualTo("ok");
        assertThat(api.get(FLOWS + "/" + id).status()).isEqualTo(404);
        assertThat(api.get(FLOWS).json().getJsonArray("data")).isEmpty();
        assertThat(api.post(FLOWS + "/" + id + "/executions", "{}").status()).isEqualTo(404);
        assertThat(api.delete(FLOWS + "/" + id).status()).isEqualTo(404);

        Assumptions.assumeTrue("postgresql".equals(System.getProperty("hookflow.it.database")), "reads PostgreSQL directly");
        try (var connection = DriverManager.getConnection(System.getProperty("hookflow.it.jdbc-url"), "postgres", "");
             var flowRow = connection.prepareStatement("select status, deleted_at from flows where id = ?::uuid");
             var executionRow = connection.prepareStatement("select status, error_message from flow_executions where id = ?::uuid");
             var stepRows = connection.prepareStatement("select count(*) as due from flow_step_runs where execution_id = ?::uuid and due_at is not null")) {
            flowRow.setString(1, id);
            try (var rows = flowRow.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("status")).isEqualTo("DELETED");
                assertThat(rows.getTimestamp("deleted_at")).isNotNull();
            }
            executionRow.setString(1, executionId);
            try (var rows = executionRow.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("status")).isEqualTo("FAILED"); // abandoned, or failed before (its URL refuses)
            }
            stepRows.setString(1, executionId);
            try (var rows = stepRows.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong("due")).isZero();
            }
        }
    }

    @Test
    void anotherCompanyNeitherSeesNorTouchesTheFlow() {
        var owner = editor(UUID.randomUUID());
        var stranger = as(UUID.randomUUID(), "admin");
        var created = owner.post(FLOWS, THREE_STEPS.replace("\"max_retries\":3,", "\"max_retries\":0,\"is_template\":true,"))
                .json().getJsonObject("data");
        String id = created.getString("id");
        String executionId = owner.post(FLOWS + "/" + id + "/executions", "{}").string("/data/id");

        assertThat(stranger.get(FLOWS).json().getJsonArray("data")).isEmpty();
        for (var reply : List.of(stranger.get(FLOWS + "/" + id), stranger.put(FLOWS + "/" + id, single("mine", ONE_STEP)),
                stranger.post(FLOWS + "/" + id + "/stop", null), stranger.post(FLOWS + "/" + id + "/start", null),
                stranger.post(FLOWS + "/" + id + "/clone", null), stranger.post(FLOWS + "/" + id + "/executions", "{}"),
                stranger.get(FLOWS + "/" + id + "/executions"), stranger.get(FLOWS + "/" + id + "/executions/" + executionId),
                stranger.delete(FLOWS + "/" + id), stranger.get(FLOWS + "/not-a-uuid"))) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(404);
            assertThat(reply.string("/status")).isEqualTo("error");
        }
        awaitFlowStatus(owner, id, "failed"); // the stranger's calls changed nothing: its one execution ran and failed
        assertThat(owner.get(FLOWS + "/" + id + "/executions").json().getJsonObject("data").getInt("total")).isEqualTo(1);
    }

    @Test
    void rolesAndTheCompanyClaimAreRequired() {
        var company = UUID.randomUUID();
        var viewer = as(company, "viewer");
        assertThat(viewer.get(FLOWS).status()).isEqualTo(200);
        var write = viewer.post(FLOWS, single("nope", ONE_STEP));
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.string("/status")).isEqualTo("error");

        var noCompany = new Api(base).as(TestTokens.forTeam(TestTokens.newTeamId()).roles("admin").mint()).get(FLOWS);
        assertThat(noCompany.status()).isEqualTo(403);
        assertThat(noCompany.string("/message")).contains("company_id");

        var anonymous = new Api(base).get(FLOWS);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.string("/status")).isEqualTo("error");
    }
}
