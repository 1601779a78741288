package io.hookflow.security.control;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Set;
import java.util.logging.Logger;

import com.nimbusds.jose.jwk.RSAKey;

/**
 * The key pair a server makes for itself when no verification key is configured: RSA 2048 in
 * {@code <data-dir>/keys/}, the private half readable by its owner only. Made once, at the first start, and
 * reused after; two servers sharing the directory end up with the same pair (the first one written wins).
 */
public final class OwnKeyPair {

    public static final String DIRECTORY = "keys";
    public static final String PRIVATE_FILE = "jwt-private.pem";
    public static final String PUBLIC_FILE = "jwt-public.pem";
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Logger LOG = Logger.getLogger(OwnKeyPair.class.getName());

    private OwnKeyPair() {
    }

    public static RSAKey loadOrCreate(Path dataDir) throws IOException, GeneralSecurityException {
        Path directory = dataDir.resolve(DIRECTORY);
        Path privateFile = directory.resolve(PRIVATE_FILE);
        if (!Files.exists(privateFile)) {
            create(directory, privateFile);
        }
        keepPrivate(privateFile);
        return KeyTexts.rsaKeyPair(Files.readString(privateFile));
    }

    private static void create(Path directory, Path privateFile) throws IOException, GeneralSecurityException {
        Files.createDirectories(directory);
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var pair = generator.generateKeyPair();
        Path draft = Files.createTempFile(directory, "jwt-private", ".tmp");
        try {
            keepPrivate(draft);
            Files.writeString(draft, KeyTexts.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            // a hard link never replaces an existing file: if another server got there first, its pair stands
            Files.createLink(privateFile, draft);
            Files.writeString(directory.resolve(PUBLIC_FILE), KeyTexts.pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            LOG.info("Made this server's own token signing key pair in " + directory.toAbsolutePath());
        } catch (FileAlreadyExistsException lostTheRace) {
            // the other server's key is used
        } finally {
            Files.deleteIfExists(draft);
        }
    }

    private static void keepPrivate(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")
                && !Files.getPosixFilePermissions(file).equals(OWNER_READ_WRITE)) {
            Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
        }
    }
}
