package io.hookflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.hookflow.testing.ServerProcess;
import io.hookflow.testing.TestTokens;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Sign-in through a real OpenID Connect provider (mock-oauth2-server on 127.0.0.1): authorization code with
 * PKCE in the browser, and a server that trusts that provider's keys exactly as an operator would configure it.
 */
class ConsoleOidcIT {

    private static final String ISSUER_ID = "hookflow";
    private static final String CLIENT_ID = "hookflow-console";

    private static MockOAuth2Server provider;
    private static ServerProcess server;
    /** Spelt with 127.0.0.1 (the provider names itself localhost): the browser resolves no other name. */
    private static String issuer;

    @BeforeAll
    static void start() throws IOException {
        Browser.assumeAvailable();
        provider = new MockOAuth2Server();
        int port = freePortInOurRange();
        provider.start(InetAddress.getByName("127.0.0.1"), port);
        // the provider names the issuer after the address it was called on, so every party calls it on 127.0.0.1
        issuer = "http://127.0.0.1:" + port + "/" + ISSUER_ID;
        // the keys the server trusts come from the provider, as an operator configures it (these follow the test key)
        server = Servers.start("console-oidc-it", Map.of(
                "mp.jwt.verify.publickey.location", issuer + "/jwks",
                "mp.jwt.verify.issuer", issuer,
                // the provider's tokens are for the console's client, not the audience the other test servers require
                "mp.jwt.verify.audiences", CLIENT_ID,
                "hookflow.console.oidc.issuer", issuer,
                "hookflow.console.oidc.client-id", CLIENT_ID));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (provider != null) {
            provider.shutdown();
        }
    }

    @Test
    void signsInThroughTheIdentityProviderWithPkceAndCallsTheApiWithItsToken() {
        String team = TestTokens.newTeamId();
        var claims = Map.<String, Object>of("groups", List.of("editor"), "team_id", team,
                "company_id", UUID.randomUUID().toString(), "upn", "oidc-editor");
        String seeding = clientCredentialsToken(new DefaultOAuth2TokenCallback(ISSUER_ID, "seeder", "JWT", List.of(CLIENT_ID), claims, 3600));
        var created = server.api().as(seeding).post("/workflows/v1/workflow-webhooks",
                "{\"name\": \"sso-orders\", \"url\": \"http://127.0.0.1:9/hook\", \"actions\": [\"workflow_created\"], \"enabled\": false}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "oidc-editor", "JWT", List.of(CLIENT_ID), claims, 3600));

        try (Browser browser = Browser.open(server.base())) {
            try {
                browser.visit("");
                browser.waitFor(By.id("oidc-sign-in"));
                browser.screenshot("sign-in");
                browser.driver().findElement(By.id("oidc-sign-in")).click();

                browser.waitFor(By.cssSelector("#top:not([hidden])"));
                browser.waitForText(By.id("who"), "oidc-editor (editor)");
                assertThat(browser.driver().getCurrentUrl()).doesNotContain("code=").doesNotContain("state=");
                assertThat(recordedRequests()).anySatisfy(r -> assertThat(r).startsWith("GET /hookflow/authorize?")
                                .contains("code_challenge_method=S256").contains("code_challenge="))
                        .anySatisfy(r -> assertThat(r).startsWith("POST /hookflow/token").contains("code_verifier="));
                browser.visit("#/subscriptions");
                browser.waitForText(By.id("subscriptions-total"), "1 subscription");
                assertThat(browser.driver().findElement(By.cssSelector("tbody")).getText()).contains("sso-orders");
                var policy = server.api().get("/console/").headers().firstValue("Content-Security-Policy").orElseThrow();
                assertThat(policy).contains("connect-src 'self' " + issuer.replace("/" + ISSUER_ID, ""));
                assertThat(browser.scriptErrors()).isEmpty();
            } finally {
                browser.screenshot("sign-in-oidc");
            }
        }
    }

    /** A token from the provider's token endpoint, asked on 127.0.0.1 so its issuer is the one the server trusts. */
    private static String clientCredentialsToken(DefaultOAuth2TokenCallback claims) {
        provider.enqueueCallback(claims);
        var request = HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + CLIENT_ID
                        + "&client_secret=test&scope=openid"))
                .build();
        try {
            var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(response.body()))) {
                return reader.readObject().getString("access_token");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the browser sent the provider so far: method, path and body of each request. */
    private static List<String> recordedRequests() {
        var seen = new java.util.ArrayList<String>();
        while (true) {
            okhttp3.mockwebserver.RecordedRequest r;
            try {
                r = provider.takeRequest(2, TimeUnit.SECONDS);
            } catch (RuntimeException none) {
                return seen; // the provider says so by throwing when its queue stays empty
            }
            seen.add(r.getMethod() + " " + r.getPath() + " " + r.getBody().readUtf8());
        }
    }

    /** The provider must listen before the server starts (the server reads its keys), on a port of our range. */
    private static int freePortInOurRange() {
        for (int port = 25100; port < 25999; port++) {
            try (var socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                return port;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new UncheckedIOException(new IOException("no free port in 25100-25999"));
    }
}
