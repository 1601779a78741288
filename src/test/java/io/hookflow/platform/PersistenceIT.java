package io.hookflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.sql.DriverManager;

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

/** Hibernate on Payara against the real database: what the API writes is in the table, and reads back. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PersistenceIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hookflowWar();
    }

    @Test
    void aCreatedSubscriptionIsStoredAndFoundByACriteriaQuery() throws Exception {
        String team = TestTokens.newTeamId();
        var api = new Api(base).as(TestTokens.forTeam(team).roles("editor").mint());

        var created = api.post("/workflows/v1/workflow-webhooks", """
                {"name":"Billing hook","url":"https://billing.example.org/in","actions":["workflow_run_completed","workflow_created"]}""");
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().getString("id");

        var page = api.get("/workflows/v1/workflow-webhooks?search=BILLING&action=workflow_run_completed");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().getInt("total")).isEqualTo(1);
        assertThat(page.string("/subscriptions/0/id")).isEqualTo(id);
        assertThat(page.at("/subscriptions/0/actions").toString())
                .isEqualTo("[\"workflow_run_completed\",\"workflow_created\"]");

        Assumptions.assumeTrue("postgresql".equals(System.getProperty("hookflow.it.database")),
                "the row check reads PostgreSQL directly");
        try (var connection = DriverManager.getConnection(System.getProperty("hookflow.it.jdbc-url"), "postgres", "");
             var statement = connection.prepareStatement("select team_id, name from subscriptions where id = ?")) {
            statement.setString(1, id);
            try (var rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("team_id")).isEqualTo(team);
                assertThat(rows.getString("name")).isEqualTo("Billing hook");
            }
        }
    }

    @Test
    void anotherTeamNeverSeesTheSubscription() {
        var owner = new Api(base).as(TestTokens.forTeam(TestTokens.newTeamId()).roles("editor").mint());
        var stranger = new Api(base).as(TestTokens.forTeam(TestTokens.newTeamId()).roles("admin").mint());

        assertThat(owner.post("/workflows/v1/workflow-webhooks", """
                {"name":"private","url":"https://example.org/p","actions":["workflow_deleted"]}""").status()).isEqualTo(201);

        var seen = stranger.get("/workflows/v1/workflow-webhooks?search=private");
        assertThat(seen.json().getInt("total")).isZero();
        assertThat(seen.json().getJsonArray("subscriptions")).isEmpty();
    }
}
