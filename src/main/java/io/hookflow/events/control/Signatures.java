package io.hookflow.events.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two signature schemes every delivery carries, so receivers written for either verify it:
 * <ul>
 * <li>Interactly: {@code X-Interactly-Signature} = hex HMAC-SHA256 of the raw body keyed with the secret
 * string, and {@code X-Interactly-Timestamp} (Unix seconds);</li>
 * <li>Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature} =
 * {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">} keyed with the base64-decoded part of the secret,
 * one per signing secret, space separated (both secrets while a rotation overlaps).</li>
 * </ul>
 */
public final class Signatures {

    static final String SECRET_PREFIX = "whsec_";

    private Signatures() {
    }

    /** @param secrets the current secret first, then any still overlapping after a rotation */
    public static Map<String, String> headers(String webhookId, long unixSeconds, byte[] body, List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a delivery needs a signing secret");
        }
        var headers = new LinkedHashMap<String, String>();
        headers.put("X-Interactly-Signature", interactly(secrets.get(0), body));
        headers.put("X-Interactly-Timestamp", Long.toString(unixSeconds));
        headers.put("webhook-id", webhookId);
        headers.put("webhook-timestamp", Long.toString(unixSeconds));
        headers.put("webhook-signature", secrets.stream()
                .map(secret -> standardWebhooks(secret, webhookId, unixSeconds, body))
                .collect(Collectors.joining(" ")));
        return headers;
    }

    static String interactly(String secret, byte[] body) {
        return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    static String standardWebhooks(String secret, String webhookId, long unixSeconds, byte[] body) {
        byte[] prefix = (webhookId + "." + unixSeconds + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return "v1," + Base64.getEncoder().encodeToString(hmac(standardKey(secret), signed));
    }

    private static byte[] standardKey(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
