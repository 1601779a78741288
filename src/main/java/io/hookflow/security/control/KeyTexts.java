package io.hookflow.security.control;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * Reads verification keys in every form {@code mp.jwt.verify.publickey} accepts: a JWKS or a single JWK (JSON),
 * a PEM public key or certificate, or bare base64 of an X.509 public key; and writes the PEM files of the
 * server's own key pair. Plain JDK parsing, so no extra security provider is needed.
 */
public final class KeyTexts {

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private KeyTexts() {
    }

    /** The public keys in this text. */
    public static List<JWK> publicKeys(String text) throws GeneralSecurityException {
        String trimmed = text.strip();
        try {
            if (trimmed.startsWith("{")) {
                var json = com.nimbusds.jose.util.JSONObjectUtils.parse(trimmed);
                List<JWK> keys = json.containsKey("keys") ? JWKSet.parse(json).getKeys() : List.of(JWK.parse(json));
                return keys.stream().map(JWK::toPublicJWK).toList();
            }
        } catch (ParseException e) {
            throw new GeneralSecurityException("not a valid JWKS or JWK: " + e.getMessage(), e);
        }
        var matcher = PEM_BLOCK.matcher(trimmed);
        if (!matcher.find()) {
            return List.of(jwk(x509PublicKey(decode(trimmed))));
        }
        matcher.reset();
        var keys = new java.util.ArrayList<JWK>();
        while (matcher.find()) {
            byte[] der = decode(matcher.group(2));
            keys.add(switch (matcher.group(1)) {
                case "PUBLIC KEY" -> jwk(x509PublicKey(der));
                case "CERTIFICATE" -> jwk(CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)).getPublicKey());
                default -> throw new GeneralSecurityException("a verification key must be a PUBLIC KEY or a CERTIFICATE, not "
                        + matcher.group(1));
            });
        }
        return List.copyOf(keys);
    }

    /** An RSA private key in PKCS#8 PEM, with its public half. */
    public static RSAKey rsaKeyPair(String pem) throws GeneralSecurityException {
        var matcher = PEM_BLOCK.matcher(pem.strip());
        if (!matcher.find() || !"PRIVATE KEY".equals(matcher.group(1))) {
            throw new GeneralSecurityException("not a PKCS#8 PEM private key");
        }
        var factory = KeyFactory.getInstance("RSA");
        var privateKey = (RSAPrivateCrtKey) factory.generatePrivate(new PKCS8EncodedKeySpec(decode(matcher.group(2))));
        var publicKey = (RSAPublicKey) factory.generatePublic(
                new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        return new RSAKey.Builder(publicKey).privateKey(privateKey).build();
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static PublicKey x509PublicKey(byte[] der) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        }
    }

    private static JWK jwk(PublicKey key) throws GeneralSecurityException {
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).build();
        }
        if (key instanceof ECPublicKey ec) {
            return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
        }
        throw new GeneralSecurityException("unsupported key type " + key.getAlgorithm());
    }

    private static byte[] decode(String base64) throws GeneralSecurityException {
        try {
            return Base64.getMimeDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not base64", e);
        }
    }
}
