package io.hookflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.sql.DriverManager;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;

import jakarta.json.JsonValue;

import io.hookflow.testing.Api;
import io.hookflow.testing.Deployments;
import io.hookflow.testing.ItEnvironment;
import io.hookflow.testing.ServerProcess;
import io.hookflow.testing.TestTokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole WAR on Payara Micro: who gets in, and what a refused or malformed request gets back. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SecurityAndErrorsIT {

    private static final String SUBSCRIPTIONS = "/workflows/v1/workflow-webhooks";
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

    @Test
    void aCallWithoutTokenIsUnauthorizedInTheFastApiShape() {
        var reply = api().get(SUBSCRIPTIONS);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(reply.json().getString("detail")).isNotBlank();
    }

    @Test
    void aTokenSignedByAnotherKeyIsUnauthorized() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var foreignKey = (RSAPrivateKey) generator.generateKeyPair().getPrivate();
        String token = TestTokens.forTeam(TestTokens.newTeamId()).signedWith(foreignKey).mint();

        assertUnauthorized(api().as(token).get(SUBSCRIPTIONS));
    }

    private static void assertUnauthorized(Api.Reply reply) {
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(reply.json().getString("detail")).isNotBlank();
    }

    @Test
    void anExpiredTokenIsUnauthorized() {
        String token = TestTokens.forTeam(TestTokens.newTeamId()).expiredAt(Instant.now().minusSeconds(600)).mint();
        assertUnauthorized(api().as(token).get(SUBSCRIPTIONS));
    }

    @Test
    void aTokenFromAnotherIssuerIsUnauthorized() {
        String token = TestTokens.forTeam(TestTokens.newTeamId()).issuer("someone-else").mint();
        assertUnauthorized(api().as(token).get(SUBSCRIPTIONS));
    }

    @Test
    void garbageInTheAuthorizationHeaderIsUnauthorized() {
        assertUnauthorized(api().as("not-a-jwt").get(SUBSCRIPTIONS));
    }

    @Test
    void aTokenForAnotherAudienceIsUnauthorized() {
        String team = TestTokens.newTeamId();
        assertUnauthorized(api().as(TestTokens.forTeam(team).audience("another-api").mint()).get(SUBSCRIPTIONS));
        assertUnauthorized(api().as(TestTokens.forTeam(team).audience(null).mint()).get(SUBSCRIPTIONS));
    }

    @Test
    void aTokenOlderThanTheMaximumAgeIsUnauthorizedThoughNotExpired() {
        String token = TestTokens.forTeam(TestTokens.newTeamId())
                .issuedAt(Instant.now().minusSeconds(ItEnvironment.MAX_TOKEN_AGE_SECONDS + 600)).mint();
        assertUnauthorized(api().as(token).get(SUBSCRIPTIONS));
    }

    @Test
    void aTeamIdTooLongForItsColumnIsForbiddenNotAServerError() {
        String token = TestTokens.forTeam("t".repeat(65)).roles("editor").mint();

        var read = api().as(token).get(SUBSCRIPTIONS);
        var write = api().as(token).post(SUBSCRIPTIONS, VALID_SUBSCRIPTION);

        assertThat(read.status()).isEqualTo(403);
        assertThat(read.json().getString("detail")).contains("team_id");
        assertThat(write.status()).isEqualTo(403);
    }

    @Test
    void aUserNameTooLongForItsColumnIsForbiddenNotAServerError() {
        String token = TestTokens.forTeam(TestTokens.newTeamId()).subject("u".repeat(300)).roles("editor").mint();
        assertThat(api().as(token).post(SUBSCRIPTIONS, VALID_SUBSCRIPTION).status()).isEqualTo(403);
    }

    @Test
    void aServerWithAConfiguredKeyOffersNoDevSignInAndMintsNoTokens() {
        var options = api().get("/auth/sign-in-options");
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.json().getBoolean("dev_sign_in")).isFalse();
        assertThat(options.json().get("oidc")).isEqualTo(JsonValue.NULL);

        var devToken = api().post("/auth/dev-token", null);
        assertThat(devToken.status()).isEqualTo(404);
        assertThat(devToken.json().getString("status")).isEqualTo("error");
    }

    @Test
    void aViewerMayReadButNotWrite() {
        String token = TestTokens.forTeam(TestTokens.newTeamId()).roles("viewer").mint();

        assertThat(api().as(token).get(SUBSCRIPTIONS).status()).isEqualTo(200);
        var write = api().as(token).post(SUBSCRIPTIONS, VALID_SUBSCRIPTION);
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().getString("detail")).contains("role");
    }

    @Test
    void aTokenWithoutAnyKnownRoleIsForbidden() {
        String token = TestTokens.forTeam(TestTokens.newTeamId()).roles("auditor").mint();
        assertThat(api().as(token).get(SUBSCRIPTIONS).status()).isEqualTo(403);
    }

    @Test
    void aTokenWithoutTeamIsForbiddenOnTheWorkflowSurface() {
        String token = TestTokens.withoutTenant().roles("admin").mint();

        var reply = api().as(token).get(SUBSCRIPTIONS);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().getString("detail")).contains("team_id");
    }

    @Test
    void malformedJsonIsA422NamingTheBody() {
        String token = TestTokens.forTeam(TestTokens.newTeamId()).roles("editor").mint();

        var reply = api().as(token).post(SUBSCRIPTIONS, "{\"name\": ");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.at("/detail/0/loc/0")).isEqualTo(jakarta.json.Json.createValue("body"));
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("at io.hookflow");
    }

    @Test
    void aValueOfTheWrongTypeIsA422NamingTheField() {
        String token = TestTokens.forTeam(TestTokens.newTeamId()).roles("editor").mint();

        var reply = api().as(token).post(SUBSCRIPTIONS, """
                {"name":"x","url":"https://example.org","actions":["workflow_created"],"timeout_seconds":"soon"}""");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body()).contains("timeout_seconds").doesNotContain("\tat ");
    }

    @Test
    void aMissingRequiredFieldIsA422WithItsLocation() {
        String token = TestTokens.forTeam(TestTokens.newTeamId()).roles("editor").mint();

        var reply = api().as(token).post(SUBSCRIPTIONS, """
                {"url":"https://example.org","actions":["workflow_created"]}""");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"name\"]");
        assertThat(reply.string("/detail/0/type")).isEqualTo("missing");
    }

    @Test
    void aQueryParameterOfTheWrongTypeIsA422NamingIt() {
        String token = TestTokens.forTeam(TestTokens.newTeamId()).roles("viewer").mint();

        var reply = api().as(token).get(SUBSCRIPTIONS + "?page=abc");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.at("/detail/0/loc").toString()).isEqualTo("[\"query\",\"page\"]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "POST | " + SUBSCRIPTIONS + " | {\"name\":\"a\\u0000b\",\"url\":\"https://example.org\",\"actions\":[\"workflow_created\"]} | [\"body\",\"name\"]",
            "POST | " + SUBSCRIPTIONS + "/events | {\"action\":\"workflow_created\",\"workflow_id\":\"64b7f0c2a1b2c3d4e5f60718\",\"workflow_name\":\"n\",\"payload\":{\"k\\u0000\":1}} | [\"body\",\"payload\",\"k\\u0000\"]",
            "GET | " + SUBSCRIPTIONS + "/events?search=a%00b | | [\"query\",\"search\"]"})
    void aNulCharacterWhichPostgresqlCannotStoreIsA422NamingWhereItIs(String method, String path, String body, String loc) {
        String token = TestTokens.forTeam(TestTokens.newTeamId()).roles("editor").mint();

        var reply = api().as(token).send(method, path, body);

        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(reply.at("/detail/0/loc").toString()).isEqualTo(loc);
        assertThat(reply.string("/detail/0/msg")).contains("NUL");
    }

    @Test
    void aNulCharacterInAFlowsStepOrAnApiKeysNameIsA422NamingTheField() {
        var company = java.util.UUID.randomUUID();
        var api = api().as(TestTokens.forTeam(TestTokens.newTeamId()).company(company).roles("admin").mint());

        var flow = api.post("/v1/webhooks", """
                {"name":"f","steps":[{"step_number":1,"webhook_url":"https://example.org","webhook_headers":{"X-A":"v\\u0000"}}]}""");
        var key = api.post("/api-keys", "{\"name\":\"k\\u0000\",\"role\":\"viewer\"}");

        assertThat(flow.status()).as(flow.body()).isEqualTo(422);
        assertThat(flow.string("/message")).startsWith("steps[0].webhook_headers.X-A: ").contains("NUL");
        assertThat(key.status()).as(key.body()).isEqualTo(422);
        assertThat(key.string("/message")).startsWith("name: ").contains("NUL");
    }

    @Test
    void aTransactionThatFailsAtCommitIsA500InTheApisShapeWithNoDetailOfTheCause() throws Exception {
        Assumptions.assumeTrue("postgresql".equals(System.getProperty("hookflow.it.database")), "sets a trigger in PostgreSQL");
        String token = TestTokens.forTeam(TestTokens.newTeamId()).roles("editor").mint();
        try (var connection = DriverManager.getConnection(System.getProperty("hookflow.it.jdbc-url"), "postgres", "");
             var statement = connection.createStatement()) {
            // deferred: the insert succeeds and the commit, after the resource has returned, fails
            statement.execute("""
                    create or replace function it_fail_at_commit() returns trigger language plpgsql as $$
                    begin if new.name = 'fails at commit' then raise exception 'secret cause'; end if; return null; end $$""");
            statement.execute("""
                    create constraint trigger it_fail_at_commit after insert on subscriptions
                    deferrable initially deferred for each row execute function it_fail_at_commit()""");
            try {
                var reply = api().as(token).post(SUBSCRIPTIONS, VALID_SUBSCRIPTION.replace("orders", "fails at commit"));

                assertThat(reply.status()).isEqualTo(500);
                assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
                assertThat(reply.json().getString("detail")).startsWith("internal error");
                assertThat(reply.body()).doesNotContain("secret cause").doesNotContain("<html");
            } finally {
                statement.execute("drop trigger it_fail_at_commit on subscriptions");
                statement.execute("drop function it_fail_at_commit()");
            }
        }
    }

    @Test
    void aRequestTheFrameworkRefusesBeforeAnyMapperIsAnsweredInTheApisShape() {
        String token = TestTokens.forTeam(TestTokens.newTeamId()).roles("editor").mint();

        // a repeated Content-Type: Jersey refuses it through the container's error page, RESTEasy takes the first
        var reply = api().as(token).withHeader("Content-Type", "application/json").post(SUBSCRIPTIONS, VALID_SUBSCRIPTION);

        assertThat(reply.status()).satisfiesAnyOf(status -> assertThat(status).isEqualTo(201),
                status -> assertThat(status).isBetween(400, 499));
        assertThat(reply.body()).doesNotContain("<html");
        assertThat(reply.json()).isNotNull();
    }

    @Test
    void aBodyOverOneMebibyteIsRefusedWith413() {
        String token = TestTokens.forTeam(TestTokens.newTeamId()).roles("editor").mint();
        String huge = "{\"name\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";

        var reply = api().as(token).post(SUBSCRIPTIONS, huge);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().getString("detail")).contains("1 MiB");
    }

    @Test
    void aChunkedBodyOverOneMebibyteIsRefusedWith413() {
        String token = TestTokens.forTeam(TestTokens.newTeamId()).roles("editor").mint();
        byte[] huge = ("{\"name\":\"" + "y".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);

        // ofInputStream has no known length, so the client sends it chunked, without Content-Length
        var reply = api().as(token).send("POST", SUBSCRIPTIONS,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)), "application/json");

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().getString("detail")).contains("1 MiB");
    }

    @Test
    void anUnknownActionIsA422PointingAtTheListElement() {
        String token = TestTokens.forTeam(TestTokens.newTeamId()).roles("editor").mint();

        var reply = api().as(token).post(SUBSCRIPTIONS, """
                {"name":"x","url":"https://example.org","actions":["workflow_created","workflow_exploded"]}""");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"actions\",1]");
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWithoutAServerError() {
        String token = TestTokens.forTeam(TestTokens.newTeamId()).roles("editor").mint();

        var reply = api().as(token).send("POST", SUBSCRIPTIONS, HttpRequest.BodyPublishers.ofString("name=x"), "text/plain");

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.json().getString("detail")).contains("application/json");
    }

    @Test
    void aWrongMethodIs405InTheSurfacesShape() {
        String token = TestTokens.forTeam(TestTokens.newTeamId()).roles("admin").mint();

        var reply = api().as(token).send("PUT", SUBSCRIPTIONS, HttpRequest.BodyPublishers.ofString("{}"), "application/json");

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.json().getString("detail")).isNotBlank();
    }

    @Test
    void anUnknownPathAnswersInEachSurfacesShape() {
        String token = TestTokens.forTeam(TestTokens.newTeamId()).roles("viewer").mint();

        var workflow = api().as(token).get("/workflows/v1/no-such-thing");
        var flows = api().as(token).get("/v1/no-such-thing");

        assertThat(workflow.status()).isEqualTo(404);
        assertThat(workflow.json().getString("detail")).isNotBlank();
        assertThat(flows.status()).isEqualTo(404);
        assertThat(flows.json().getString("status")).isEqualTo("error");
        assertThat(flows.json().get("data")).isEqualTo(JsonValue.NULL);
        assertThat(flows.json().getString("message")).isNotBlank();
    }

    @Test
    void healthOpenApiAndMetricsAreServed() {
        // on WildFly health lives on the management port
        var health = new Api(ServerProcess.healthBase(base));
        var ready = health.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).contains("\"database\"");
        assertThat(health.get("/health/live").status()).isEqualTo(200);

        var openapi = api().withHeader("Accept", "application/json").get("/openapi");
        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.body()).contains("/workflows/v1/workflow-webhooks").contains("bearer");

        var metrics = api().withHeader("Accept", "text/plain").get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE");
    }

    @Test
    void theServedOpenApiDocumentIsValidAndDescribesWhatTheResourcesServe() {
        var reply = api().withHeader("Accept", "application/json").get("/openapi");
        assertThat(reply.status()).isEqualTo(200);

        assertThat(OpenApiConformance.schemaViolations(reply.body())).isEmpty();
        var served = OpenApiConformance.parse(reply.body());
        assertThat(OpenApiConformance.documentedOperations(served)).isEqualTo(OpenApiConformance.servedOperations());
        assertThat(OpenApiConformance.documentedParameters(served)).isEqualTo(OpenApiConformance.servedParameters());
        assertThat(OpenApiConformance.bodyMismatches(served)).isEmpty();
    }

    @Test
    void theServedOpenApiYamlIsValidToo() {
        // MicroProfile OpenAPI's own way to ask for a format; Payara answers Accept: application/yaml with 406
        var reply = api().withHeader("Accept", "*/*").get("/openapi?format=YAML");
        assertThat(reply.status()).isEqualTo(200);

        assertThat(OpenApiConformance.schemaViolations(reply.body())).isEmpty();
    }
}
