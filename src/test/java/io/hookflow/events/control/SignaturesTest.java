package io.hookflow.events.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.junit.jupiter.api.Test;

class SignaturesTest {

    private static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static HttpHeaders httpHeaders(Map<String, String> headers) {
        return HttpHeaders.of(headers.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
                (a, b) -> true);
    }

    private final byte[] body = "{\"event_id\":\"e1\",\"payload\":{\"ü\":1}}".getBytes(StandardCharsets.UTF_8);
    private final long now = System.currentTimeMillis() / 1000;

    @Test
    void theStandardWebhooksLibraryVerifiesTheSignature() throws Exception {
        String secret = newSecret();
        var headers = Signatures.headers("65a1b2c3d4e5f60718293a4b", now, body, List.of(secret));

        new Webhook(secret).verify(new String(body, StandardCharsets.UTF_8), httpHeaders(headers));
        assertThat(headers).containsEntry("webhook-id", "65a1b2c3d4e5f60718293a4b").containsEntry("webhook-timestamp", Long.toString(now));
    }

    @Test
    void duringARotationEitherSecretVerifies() throws Exception {
        String current = newSecret();
        String previous = newSecret();
        var headers = Signatures.headers("65a1b2c3d4e5f60718293a4b", now, body, List.of(current, previous));

        assertThat(headers.get("webhook-signature").split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        new Webhook(current).verify(new String(body, StandardCharsets.UTF_8), httpHeaders(headers));
        new Webhook(previous).verify(new String(body, StandardCharsets.UTF_8), httpHeaders(headers));
        assertThatThrownBy(() -> new Webhook(newSecret()).verify(new String(body, StandardCharsets.UTF_8), httpHeaders(headers)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void theInteractlySignatureIsTheHexHmacOfTheRawBodyKeyedWithTheSecretString() throws Exception {
        String secret = newSecret();
        var headers = Signatures.headers("65a1b2c3d4e5f60718293a4b", now, body, List.of(secret, newSecret()));

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(headers.get("X-Interactly-Signature")).isEqualTo(HexFormat.of().formatHex(mac.doFinal(body)));
        assertThat(headers.get("X-Interactly-Timestamp")).isEqualTo(Long.toString(now));
    }

    @Test
    void keysPreparedOnceSignManyBodiesAtOnceAsTheSecretsThemselvesWould() {
        var secrets = List.of(newSecret(), newSecret());
        var keys = Signatures.Keys.of(secrets);

        var signedInParallel = IntStream.range(0, 2_000).parallel()
                .mapToObj(i -> Signatures.headers("id-" + i, now, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), keys))
                .toList();

        for (int i = 0; i < signedInParallel.size(); i++) {
            assertThat(signedInParallel.get(i)).as("body %d", i)
                    .isEqualTo(Signatures.headers("id-" + i, now, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), secrets));
        }
    }

    @Test
    void aTamperedBodyDoesNotVerify() {
        String secret = newSecret();
        var headers = Signatures.headers("65a1b2c3d4e5f60718293a4b", now, body, List.of(secret));
        assertThatThrownBy(() -> new Webhook(secret).verify("{\"event_id\":\"e2\"}", httpHeaders(headers)))
                .isInstanceOf(WebhookVerificationException.class);
    }
}
