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
    private static final String HMAC = "HmacSHA256";

    private Signatures() {
    }

    /** @param secrets the current secret first, then any still overlapping after a rotation */
    public static Map<String, String> headers(String webhookId, long unixSeconds, byte[] body, List<String> secrets) {
        return headers(webhookId, unixSeconds, body, Keys.of(secrets));
    }

    public static Map<String, String> headers(String webhookId, long unixSeconds, byte[] body, Keys keys) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("X-Interactly-Signature", HexFormat.of().formatHex(Keys.sign(keys.interactly, body)));
        headers.put("X-Interactly-Timestamp", Long.toString(unixSeconds));
        headers.put("webhook-id", webhookId);
        headers.put("webhook-timestamp", Long.toString(unixSeconds));
        byte[] prefix = (webhookId + "." + unixSeconds + ".").getBytes(StandardCharsets.UTF_8);
        headers.put("webhook-signature", keys.standardWebhooks.stream()
                .map(key -> "v1," + Base64.getEncoder().encodeToString(Keys.sign(key, prefix, body)))
                .collect(Collectors.joining(" ")));
        return headers;
    }

    /**
     * A subscription's secrets made ready to sign with, kept while the subscription is unchanged: choosing the HMAC's
     * provider and keying it cost more than signing a body (a drain's profile, docs/benchmarks.md sixteenth round).
     * Each signature works on a copy of a keyed prototype, so one {@code Keys} may sign on many threads at once.
     */
    public static final class Keys {

        private final Key interactly;
        private final List<Key> standardWebhooks;

        private Keys(Key interactly, List<Key> standardWebhooks) {
            this.interactly = interactly;
            this.standardWebhooks = standardWebhooks;
        }

        /** @param secrets the current secret first, then any still overlapping after a rotation */
        public static Keys of(List<String> secrets) {
            if (secrets.isEmpty()) {
                throw new IllegalArgumentException("a delivery needs a signing secret");
            }
            return new Keys(Key.of(secrets.get(0).getBytes(StandardCharsets.UTF_8)),
                    secrets.stream().map(secret -> Key.of(standardKey(secret))).toList());
        }

        private static byte[] standardKey(String secret) {
            String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
            return Base64.getDecoder().decode(encoded);
        }

        private static byte[] sign(Key key, byte[]... parts) {
            Mac mac = key.fresh();
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        }
    }

    /**
     * A keyed HMAC to copy; a provider whose HMAC cannot be copied (some FIPS modules) is keyed afresh each time. Not a
     * record: its generated toString would print the key's hash code, which is computed from the key's bytes.
     */
    private static final class Key {

        private final SecretKeySpec spec;
        private final Mac prototype;

        private Key(SecretKeySpec spec, Mac prototype) {
            this.spec = spec;
            this.prototype = prototype;
        }

        static Key of(byte[] secret) {
            SecretKeySpec spec = new SecretKeySpec(secret, HMAC);
            return new Key(spec, keyed(spec));
        }

        Mac fresh() {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                return keyed(spec);
            }
        }

        private static Mac keyed(SecretKeySpec spec) {
            try {
                Mac mac = Mac.getInstance(HMAC);
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(HMAC + " is not available", e);
            }
        }
    }
}
