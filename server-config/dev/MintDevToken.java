import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Mints a development token signed with the key pair a server makes for itself at its first start when no
 * key is configured (in its data directory: ./data/keys/, or $HOOKFLOW_DATA_DIR/keys/). Run it from the
 * directory the server was started in, after that first start. JDK only, so it runs as a source file:
 * java server-config/dev/MintDevToken.java --sub alice --groups admin
 * Options: --sub, --team-id, --company-id (UUID), --groups (comma separated), --ttl seconds, --issuer,
 * --audience, --key (PKCS#8 PEM). Unset tenants get fixed dev values so repeated calls hit the same tenant.
 */
public class MintDevToken {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of(
                "sub", "dev-user",
                "team-id", "64b7f0c2a1b2c3d4e5f60718",
                "company-id", "00000000-0000-4000-8000-000000000001",
                "groups", "admin",
                "ttl", "86400",
                "issuer", "hookflow-dev",
                "audience", "",
                "key", Path.of(System.getenv().getOrDefault("HOOKFLOW_DATA_DIR", "./data"), "keys", "jwt-private.pem").toString()));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !options.containsKey(args[i].substring(2))) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        UUID.fromString(options.get("company-id"));
        long now = Instant.now().getEpochSecond();
        String groups = java.util.Arrays.stream(options.get("groups").split(","))
                .map(String::trim).filter(g -> !g.isEmpty()).map(g -> "\"" + g + "\"")
                .collect(Collectors.joining(","));
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String audience = options.get("audience").isBlank() ? "" : ",\"aud\":\"" + options.get("audience") + "\"";
        String claims = "{\"iss\":\"" + options.get("issuer") + "\",\"sub\":\"" + options.get("sub")
                + "\",\"upn\":\"" + options.get("sub") + "\",\"team_id\":\"" + options.get("team-id")
                + "\",\"company_id\":\"" + options.get("company-id") + "\",\"groups\":[" + groups + "]"
                + ",\"iat\":" + now + ",\"exp\":" + (now + Long.parseLong(options.get("ttl")))
                + ",\"jti\":\"" + UUID.randomUUID() + "\"" + audience + "}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(privateKey(Path.of(options.get("key"))));
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        System.out.println(signingInput + "." + base64Url(signature.sign()));
    }

    private static PrivateKey privateKey(Path pem) throws Exception {
        if (!Files.isReadable(pem)) {
            throw new IllegalStateException("no signing key at " + pem + ": start the server once (it makes its key pair "
                    + "in its data directory), run this from the directory it was started in, or pass --key");
        }
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
