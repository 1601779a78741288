package io.hookflow.platform.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Secrets as they are stored: {@code hfsec:1:<key id>:<base64 of IV and AES-GCM ciphertext>}, a fresh 96-bit IV per
 * value and the key id bound in as associated data. A value without the prefix was stored before encryption
 * existed and is read as it is; it is sealed the next time it is written.
 *
 * <p>Nothing here ever puts a secret or a key into an exception message.
 */
public final class SealedSecrets {

    static final String PREFIX = "hfsec:1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedSecrets() {
    }

    public static String seal(String plaintext) {
        return seal(plaintext, SecretKeys.current());
    }

    public static String open(String stored) {
        return open(stored, SecretKeys.current());
    }

    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    static String seal(String plaintext, SecretKeys keys) {
        if (plaintext == null) {
            return null;
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        String keyId = keys.currentId();
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.currentKey(), iv, keyId);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return PREFIX + keyId + ":" + Base64.getEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed with key '" + keyId + "'", e);
        }
    }

    static String open(String stored, SecretKeys keys) {
        if (!isSealed(stored)) {
            return stored;
        }
        int colon = stored.indexOf(':', PREFIX.length());
        if (colon < 0) {
            throw new IllegalStateException("a stored secret is damaged (no key id)");
        }
        String keyId = stored.substring(PREFIX.length(), colon);
        SecretKey key = keys.key(keyId).orElseThrow(() -> new IllegalStateException("a stored secret was encrypted"
                + " with key '" + keyId + "', which this server does not have: give every server the same"
                + " hookflow.secrets.key, and keep retired keys in hookflow.secrets.old-keys"));
        try {
            byte[] data = Base64.getDecoder().decode(stored.substring(colon + 1));
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(data, IV_BYTES), keyId);
            return new String(cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            // the cause is dropped on purpose: it may carry bytes of the value
            throw new IllegalStateException("a stored secret could not be decrypted with key '" + keyId
                    + "': it was changed, or the key with that id is not the one that encrypted it");
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] iv, String keyId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(keyId.getBytes(StandardCharsets.US_ASCII));
        return cipher;
    }
}
