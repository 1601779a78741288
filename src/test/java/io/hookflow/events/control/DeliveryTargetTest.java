package io.hookflow.events.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.standardwebhooks.Webhook;
import io.hookflow.events.entity.EventRecord;
import io.hookflow.subscriptions.entity.Subscription;
import io.hookflow.subscriptions.entity.WorkflowAction;
import org.junit.jupiter.api.Test;

class DeliveryTargetTest {

    private static final Instant T0 = Instant.parse("2026-12-07T06:00:00Z");

    private static Subscription subscription() {
        var settings = new Subscription.Settings("orders", "https://receiver.example/hooks?x=1", List.of(WorkflowAction.WORKFLOW_CREATED),
                true, 7, 2, 5, null, false);
        var subscription = new Subscription("64b7f0c2a1b2c3d4e5f60718", settings, "alice", T0);
        subscription.setBearerToken("t0ken-value", "alice", T0);
        return subscription;
    }

    private static EventRecord record(Subscription subscription) {
        var publication = new EventRecord.Publication("evt-1", WorkflowAction.WORKFLOW_CREATED, "64b7f0c2a1b2c3d4e5f60718",
                "Billing", null, "completed", Map.of("n", 1), null);
        return EventRecord.of(publication, List.of(subscription.id()), subscription.teamId(), "alice", T0).get(0);
    }

    private static HttpHeaders httpHeaders(Map<String, List<String>> headers) {
        return HttpHeaders.of(headers, (a, b) -> true);
    }

    @Test
    void aRequestGoesToTheUrlWithTheTokenAndTheTimeoutSignedWithTheSecret() throws Exception {
        var subscription = subscription();
        var target = DeliveryTarget.of(subscription);

        var request = WebhookMessages.request(record(subscription), target, Instant.now());

        assertThat(request.url()).isEqualTo(URI.create("https://receiver.example/hooks?x=1"));
        assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(request.headers().get("Authorization")).containsExactly("Bearer t0ken-value");
        new Webhook(subscription.secret()).verify(new String(request.body(), StandardCharsets.UTF_8), httpHeaders(request.headers()));
        assertThat(target.maxRetries()).isEqualTo(2);
        assertThat(target.backoff().base()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void afterARotationBothSecretsSignUntilTheOverlapEndsThenOnlyTheNewOne() throws Exception {
        var subscription = subscription();
        String old = subscription.secret();
        subscription.rotateSecret("alice", T0);
        var target = DeliveryTarget.of(subscription);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        var during = Signatures.headers("id-1", 1, body, target.keys(T0.plus(Subscription.SECRET_OVERLAP).minusSeconds(1)));
        var after = Signatures.headers("id-1", 1, body, target.keys(T0.plus(Subscription.SECRET_OVERLAP)));

        assertThat(during.get("webhook-signature").split(" ")).hasSize(2);
        assertThat(after.get("webhook-signature").split(" ")).hasSize(1);
        assertThat(after).isEqualTo(Signatures.headers("id-1", 1, body, List.of(subscription.secret())));
        assertThat(during).isEqualTo(Signatures.headers("id-1", 1, body, List.of(subscription.secret(), old)));
    }

    @Test
    void withoutARotationOnlyTheCurrentSecretSigns() {
        var subscription = subscription();
        var target = DeliveryTarget.of(subscription);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        assertThat(Signatures.headers("id-1", 1, body, target.keys(T0))).isEqualTo(
                Signatures.headers("id-1", 1, body, List.of(subscription.secret())));
    }

    @Test
    void itsTextNamesTheSubscriptionButNeitherTheTokenNorTheSecret() {
        var subscription = subscription();
        var text = DeliveryTarget.of(subscription).toString();

        assertThat(text).contains(subscription.id()).doesNotContain("t0ken-value")
                .doesNotContain(subscription.secret().substring("whsec_".length(), 20));
    }
}
