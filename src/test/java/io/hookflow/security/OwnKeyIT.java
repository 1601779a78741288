package io.hookflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.hookflow.testing.ItEnvironment;
import io.hookflow.testing.ServerProcess;
import io.hookflow.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server started the README's way, with no verification key configured: it makes its own key pair in its
 * data directory, trusts only that, and offers the console's dev sign-in to loopback callers only.
 */
class OwnKeyIT {

    private static final String SUBSCRIPTIONS = "/workflows/v1/workflow-webhooks";
    private static Path dataDir;
    private static ServerProcess server;

    @BeforeAll
    static void startWithoutAConfiguredKey() throws IOException {
        dataDir = Files.createTempDirectory(Path.of(System.getProperty("hookflow.it.workdir", "target/it")).toAbsolutePath(), "own-key");
        // an empty value unsets what the test environment configures for every other server
        server = ServerProcess.start("own-key", Map.of("mp.jwt.verify.publickey.location", "",
                "hookflow.data-dir", dataDir.toString()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theServerKeepsItsOwnPrivateKeyReadableByItsOwnerOnly() throws IOException {
        Path privateKey = dataDir.resolve("keys/jwt-private.pem");
        assertThat(Files.getPosixFilePermissions(privateKey)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(dataDir.resolve("keys/jwt-public.pem")).exists();
    }

    @Test
    void aTokenSignedWithTheFormerlyShippedDevKeyIsRefused() throws Exception {
        Path shipped = Path.of(getClass().getResource("/keys/formerly-shipped-dev-private.pem").toURI());
        var key = TestTokens.privateKey(shipped);

        for (String issuer : List.of("hookflow-dev", ItEnvironment.ISSUER)) {
            var reply = server.api().as(TestTokens.forTeam(TestTokens.newTeamId()).issuer(issuer).signedWith(key).mint()).get(SUBSCRIPTIONS);
            assertThat(reply.status()).isEqualTo(401);
        }
    }

    @Test
    void theReadmesMintDevTokenSignsWithTheServersOwnKey() throws Exception {
        var mint = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "server-config/dev/MintDevToken.java", "--sub", "alice", "--groups", "admin",
                "--issuer", ItEnvironment.ISSUER, "--audience", ItEnvironment.AUDIENCE)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        mint.environment().put("HOOKFLOW_DATA_DIR", dataDir.toString());
        var process = mint.start();
        String token = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();

        var created = server.api().as(token).post(SUBSCRIPTIONS,
                "{\"name\":\"orders\",\"url\":\"https://example.org/hook\",\"actions\":[\"workflow_created\"]}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(server.api().as(token).get(SUBSCRIPTIONS).status()).isEqualTo(200);
    }

    @Test
    void aLoopbackCallerGetsADevAdminTokenThatWorks() {
        var options = server.api().get("/auth/sign-in-options");
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.json().getBoolean("dev_sign_in")).isTrue();

        var minted = server.api().post("/auth/dev-token", null);
        assertThat(minted.status()).isEqualTo(200);
        assertThat(minted.json().getString("expires_at")).isNotBlank();
        String token = minted.json().getString("token");

        assertThat(server.api().as(token).get(SUBSCRIPTIONS).status()).isEqualTo(200);
        assertThat(server.api().as(token).get("/v1/webhooks").status()).isEqualTo(200);
        assertThat(server.api().as(token).get("/api-keys").status()).isEqualTo(200);
    }

    @Test
    void aCallerBehindAProxyOnThisHostGetsNoDevToken() {
        var proxied = server.api().withHeader("X-Forwarded-For", "203.0.113.7");

        assertThat(proxied.get("/auth/sign-in-options").json().getBoolean("dev_sign_in")).isFalse();
        assertThat(proxied.post("/auth/dev-token", null).status()).isEqualTo(404);
    }
}
