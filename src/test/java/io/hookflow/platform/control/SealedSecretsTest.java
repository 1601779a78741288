package io.hookflow.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedSecretsTest {

    private static final String KEY_A = "a:" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_B = SecretKeys.generate();

    private static SecretKeys keys(Map<String, String> config) {
        return SecretKeys.from(key -> Optional.ofNullable(config.get(key)));
    }

    @Test
    void aSealedValueNamesItsKeyAndHidesThePlaintext() {
        var keys = keys(Map.of("hookflow.secrets.key", KEY_A));
        String sealed = SealedSecrets.seal("whsec_c2VjcmV0", keys);

        assertThat(sealed).startsWith("hfsec:1:a:").doesNotContain("whsec").doesNotContain("c2VjcmV0");
        assertThat(SealedSecrets.open(sealed, keys)).isEqualTo("whsec_c2VjcmV0");
    }

    @Test
    void theSameValueIsSealedDifferentlyEachTime() {
        var keys = keys(Map.of("hookflow.secrets.key", KEY_A));

        assertThat(SealedSecrets.seal("token", keys)).isNotEqualTo(SealedSecrets.seal("token", keys));
    }

    @Test
    void afterRotationOldValuesOpenWithTheRetiredKeyAndNewOnesUseTheNewKey() {
        String sealedWithA = SealedSecrets.seal("token", keys(Map.of("hookflow.secrets.key", KEY_A)));
        var rotated = keys(Map.of("hookflow.secrets.key", KEY_B, "hookflow.secrets.old-keys", KEY_A));

        assertThat(SealedSecrets.open(sealedWithA, rotated)).isEqualTo("token");
        assertThat(SealedSecrets.seal("token", rotated)).startsWith("hfsec:1:" + KEY_B.substring(0, KEY_B.indexOf(':')) + ":");
    }

    @Test
    void aValueSealedWithAnUnknownKeyIsRefusedWithoutShowingIt() {
        String sealed = SealedSecrets.seal("token-123", keys(Map.of("hookflow.secrets.key", KEY_A)));
        var other = keys(Map.of("hookflow.secrets.key", KEY_B));

        assertThatThrownBy(() -> SealedSecrets.open(sealed, other))
                .hasMessageContaining("key 'a'").hasMessageNotContaining("token-123").hasNoCause();
    }

    @Test
    void aTamperedValueIsRefused() {
        var keys = keys(Map.of("hookflow.secrets.key", KEY_A));
        String sealed = SealedSecrets.seal("token", keys);
        String tampered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("AA") ? "BB" : "AA");

        assertThatThrownBy(() -> SealedSecrets.open(tampered, keys)).hasMessageContaining("could not be decrypted");
    }

    @Test
    void plaintextStoredBeforeEncryptionIsReadAsItIs() {
        assertThat(SealedSecrets.open("whsec_legacy", keys(Map.of("hookflow.secrets.key", KEY_A)))).isEqualTo("whsec_legacy");
    }

    @Test
    void aKeyWithoutIdOrOfTheWrongSizeStopsStartupWithoutEchoingIt() {
        assertThatThrownBy(() -> keys(Map.of("hookflow.secrets.key", "bm90LWEta2V5")))
                .hasMessageContaining("<id>:<base64 of 32 bytes>").hasMessageNotContaining("bm90LWEta2V5");
        assertThatThrownBy(() -> keys(Map.of("hookflow.secrets.key", "k:bm90LWEta2V5")))
                .hasMessageContaining("must be 32 bytes").hasMessageNotContaining("bm90LWEta2V5");
    }

    @Test
    void withoutAConfiguredKeyOneIsGeneratedInTheDataDirectoryForItsOwnerOnlyAndKept(@TempDir Path dir) throws Exception {
        var first = keys(Map.of("hookflow.data-dir", dir.toString()));
        String sealed = SealedSecrets.seal("token", first);
        var second = keys(Map.of("hookflow.data-dir", dir.toString()));

        Path file = dir.resolve("secrets.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SealedSecrets.open(sealed, second)).isEqualTo("token");
    }
}
