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
}
