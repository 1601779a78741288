package io.hookflow.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.hookflow.testing.LoopbackReceiver;
import io.hookflow.testing.LoopbackReceiver.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sender against a real HTTP server on 127.0.0.1. */
class HttpSenderTest {

    private final LoopbackReceiver receiver = LoopbackReceiver.start();
    private final HttpSender sender = new HttpSender();

    HttpSenderTest() {
        sender.guard = new TargetGuard();
        sender.guard.allowPrivateTargets = true;
    }

    @AfterEach
    void close() {
        sender.close();
        receiver.close();
    }

    private DeliveryRequest post(String url, Duration timeout) {
        return DeliveryRequest.jsonPost(URI.create(url), Map.of("Content-Type", List.of("application/json"),
                "X-Custom", List.of("yes")), "{\"a\":1}".getBytes(StandardCharsets.UTF_8), timeout);
    }

    @Test
    void anAnswerKeepsStatusHeadersAndTheFirst4KiBOfTheBody() {
        receiver.thenReply(Reply.json(201, "x".repeat(10_000)).withHeader("X-Trace", "t1"));

        DeliveryOutcome outcome = sender.send(post(receiver.url("/hook"), Duration.ofSeconds(5))).join();

        assertThat(outcome.statusCode()).isEqualTo(201);
        assertThat(outcome.header("x-trace")).contains("t1");
        assertThat(outcome.bodyText()).hasSize(4096);
        assertThat(outcome.bodyTruncated()).isTrue();
        assertThat(outcome.error()).isNull();
        var request = receiver.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.bodyText()).isEqualTo("{\"a\":1}");
        assertThat(request.header("User-Agent")).contains(HttpSender.USER_AGENT);
        assertThat(request.header("X-Custom")).contains("yes");
    }

    @Test
    void aRedirectIsAnAnswerAndIsNotFollowed() {
        receiver.thenReply(Reply.status(302).withHeader("Location", receiver.url("/elsewhere")));

        DeliveryOutcome outcome = sender.send(post(receiver.url("/hook"), Duration.ofSeconds(5))).join();

        assertThat(outcome.statusCode()).isEqualTo(302);
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void aReceiverSlowerThanTheTimeoutIsATimeout() {
        receiver.thenReply(Reply.status(200).after(Duration.ofSeconds(3)));

        DeliveryOutcome outcome = sender.send(post(receiver.url("/slow"), Duration.ofMillis(500))).join();

        assertThat(outcome.failure()).isEqualTo(DeliveryOutcome.Failure.TIMEOUT);
        assertThat(outcome.statusCode()).isNull();
        assertThat(outcome.error()).contains("500 ms");
    }

    @Test
    void aClosedPortIsANetworkError() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        DeliveryOutcome outcome = sender.send(post("http://127.0.0.1:" + port + "/", Duration.ofSeconds(5))).join();

        assertThat(outcome.failure()).isEqualTo(DeliveryOutcome.Failure.NETWORK);
        assertThat(outcome.error()).startsWith("connection failed");
    }

    @Test
    void theGuardRefusesAPrivateTargetWithoutSendingAnything() {
        sender.guard.allowPrivateTargets = false;

        DeliveryOutcome outcome = sender.send(post(receiver.url("/hook"), Duration.ofSeconds(5))).join();

        assertThat(outcome.failure()).isEqualTo(DeliveryOutcome.Failure.REFUSED_TARGET);
        assertThat(outcome.error()).contains("private");
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void aHeaderValueHttpForbidsIsRefusedWithoutQuotingTheValue() {
        var request = DeliveryRequest.jsonPost(URI.create(receiver.url("/hook")),
                Map.of("Authorization", List.of("Bearer s3cr3t\n")), new byte[0], Duration.ofSeconds(5));

        DeliveryOutcome outcome = sender.send(request).join();

        assertThat(outcome.failure()).isEqualTo(DeliveryOutcome.Failure.REFUSED_TARGET);
        assertThat(outcome.error()).isEqualTo("the request cannot be sent: header Authorization has a name or value HTTP does not allow")
                .doesNotContain("s3cr3t");
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void anAnswerLongerThanTheDrainLimitIsCutAndStillAnAnswer() {
        receiver.thenReply(Reply.json(200, "y".repeat(4096 + (int) LimitedBody.DRAIN_LIMIT + 50_000)));

        DeliveryOutcome outcome = sender.send(post(receiver.url("/hook"), Duration.ofSeconds(5))).join();

        assertThat(outcome.statusCode()).isEqualTo(200);
        assertThat(outcome.bodyText()).hasSize(4096);
        assertThat(outcome.bodyTruncated()).isTrue();
    }

    @Test
    void anAnswerWithoutABodyAndARequestWithoutOneAreExchanged() {
        receiver.thenReply(new Reply(204, "", Map.of(), Duration.ZERO));
        var request = new DeliveryRequest(URI.create(receiver.url("/step")), "GET", Map.of("Accept", List.of("*/*")),
                null, Duration.ofSeconds(5), 1024);

        DeliveryOutcome outcome = sender.send(request).join();

        assertThat(outcome.statusCode()).isEqualTo(204);
        assertThat(outcome.body()).isEmpty();
        assertThat(outcome.bodyTruncated()).isFalse();
        assertThat(receiver.requests()).singleElement().satisfies(received -> {
            assertThat(received.method()).isEqualTo("GET");
            assertThat(received.body()).isEmpty();
        });
    }

    @Test
    void aReceiverAnsweringAnErrorIsAnAnswerSentOnce() {
        // the engine retries with its backoff and its ledger; the client must never retry on its own
        receiver.thenReply(Reply.status(503).withHeader("Retry-After", "1"));
        var request = new DeliveryRequest(URI.create(receiver.url("/step")), "PUT", Map.of(), new byte[0],
                Duration.ofSeconds(5), 1024);

        DeliveryOutcome outcome = sender.send(request).join();

        assertThat(outcome.statusCode()).isEqualTo(503);
        assertThat(outcome.header("retry-after")).contains("1");
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void anAuthenticationChallengeIsAnAnswerAndIsNotAnswered() {
        receiver.thenReply(Reply.status(401).withHeader("WWW-Authenticate", "Basic realm=\"hooks\""));

        DeliveryOutcome outcome = sender.send(post(receiver.url("/hook"), Duration.ofSeconds(5))).join();

        assertThat(outcome.statusCode()).isEqualTo(401);
        assertThat(receiver.requests()).singleElement()
                .satisfies(request -> assertThat(request.header("Authorization")).isEmpty());
    }

    @Test
    void framingHeadersATenantSetAreRefusedWithoutSendingAnything() {
        for (String name : List.of("Content-Length", "host", "Transfer-Encoding", "Connection", "Bad Name")) {
            var request = DeliveryRequest.jsonPost(URI.create(receiver.url("/hook")),
                    Map.of(name, List.of("5")), "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));

            DeliveryOutcome outcome = sender.send(request).join();

            assertThat(outcome.failure()).as(name).isEqualTo(DeliveryOutcome.Failure.REFUSED_TARGET);
            assertThat(outcome.error()).as(name).startsWith("the request cannot be sent: header ");
        }
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void manyDeliveriesAtOnceAllArriveOnce() {
        var outcomes = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> sender.send(post(receiver.url("/many/" + i), Duration.ofSeconds(10))))
                .toList();

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.join().statusCode()).isEqualTo(200));
        assertThat(receiver.requests()).extracting(LoopbackReceiver.Request::path).doesNotHaveDuplicates().hasSize(200);
    }

    @Test
    void anHttpsReceiverWhoseCertificateNoTrustedAuthoritySignedGetsNothing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // a throw-away key made here: the client must check certificates as the JDK's client did
        var keystore = dir.resolve("receiver.p12");
        var keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "1", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "test-only",
                "-keypass", "test-only").redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).isZero();
        var keys = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(keystore)) {
            keys.load(in, "test-only".toCharArray());
        }
        var keyManagers = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "test-only".toCharArray());
        var tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        var https = com.sun.net.httpserver.HttpsServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
        var received = new java.util.concurrent.atomic.AtomicInteger();
        https.createContext("/", exchange -> {
            received.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        https.start();
        try {
            DeliveryOutcome outcome = sender.send(post("https://127.0.0.1:" + https.getAddress().getPort() + "/hook",
                    Duration.ofSeconds(5))).join();

            assertThat(outcome.failure()).isEqualTo(DeliveryOutcome.Failure.NETWORK);
            assertThat(outcome.statusCode()).isNull();
            assertThat(received).hasValue(0);
        } finally {
            https.stop(0);
        }
    }
}
