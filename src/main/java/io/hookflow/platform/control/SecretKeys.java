package io.hookflow.platform.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The AES-256 keys that encrypt stored secrets: the current one seals, every one opens what it sealed, so a key can
 * be rotated by moving it to {@code hookflow.secrets.old-keys}. A key is written {@code <id>:<base64 of 32 bytes>}.
 *
 * <p>Loaded once per class loader from MicroProfile Config, without CDI, because the JPA converters that use it get
 * no injection on Payara. With no key configured the server makes one in its data directory (owner-readable
 * only) and keeps using it; several servers on one PostgreSQL database must be given the same key.
 */
public final class SecretKeys {

    static final String KEY = "hookflow.secrets.key";
    static final String OLD_KEYS = "hookflow.secrets.old-keys";
    static final String KEY_FILE_NAME = "secrets.key";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Logger LOG = Logger.getLogger(SecretKeys.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile SecretKeys loaded;

    private final String currentId;
    private final Map<String, SecretKey> keys;
    private final String source;

    SecretKeys(String currentId, Map<String, SecretKey> keys, String source) {
        this.currentId = currentId;
        this.keys = Map.copyOf(keys);
        this.source = source;
    }

    /** The keys of this server, read from configuration the first time they are needed. */
    public static SecretKeys current() {
        SecretKeys keys = loaded;
        if (keys == null) {
            synchronized (SecretKeys.class) {
                if (loaded == null) {
                    loaded = fromServerConfig();
                    LOG.info(loaded::describe);
                }
                keys = loaded;
            }
        }
        return keys;
    }

    private static SecretKeys fromServerConfig() {
        org.eclipse.microprofile.config.Config config;
        try {
            config = ConfigProvider.getConfig(SecretKeys.class.getClassLoader());
        } catch (IllegalStateException noConfigImplementation) {
            // only outside a server (plain unit tests): nothing outlives this JVM, so a key in memory will do
            String key = generate();
            return from(name -> KEY.equals(name) ? Optional.of(key) : Optional.empty());
        }
        return from(key -> config.getOptionalValue(key, String.class));
    }

    /** @param config looks a configuration key up */
    public static SecretKeys from(Function<String, Optional<String>> config) {
        var keys = new LinkedHashMap<String, SecretKey>();
        Optional<String> configured = config.apply(KEY).filter(s -> !s.isBlank());
        String currentId;
        String source;
        if (configured.isPresent()) {
            currentId = parse(configured.get(), KEY, keys);
            source = KEY;
        } else {
            Path dataDir = Path.of(config.apply("hookflow.data-dir").filter(s -> !s.isBlank()).orElse("./data"));
            Path file = dataDir.toAbsolutePath().normalize().resolve(KEY_FILE_NAME);
            currentId = parse(readOrCreate(file), file.toString(), keys);
            source = file.toString();
            if (config.apply("hookflow.db.url").filter(s -> !s.isBlank()).isPresent()) {
                LOG.warning(() -> KEY + " (HOOKFLOW_SECRETS_KEY) is not set: stored secrets are encrypted with the key"
                        + " generated in " + file + ". Every server that shares this database must use the same key:"
                        + " set HOOKFLOW_SECRETS_KEY on each of them.");
            }
        }
        config.apply(OLD_KEYS).filter(s -> !s.isBlank()).ifPresent(old -> {
            for (String entry : old.split(",")) {
                if (!entry.isBlank()) {
                    parse(entry.trim(), OLD_KEYS, keys);
                }
            }
        });
        return new SecretKeys(currentId, keys, source);
    }

    /** A new key in the configuration format, for an operator to put into {@code HOOKFLOW_SECRETS_KEY}. */
    public static String generate() {
        byte[] id = new byte[4];
        byte[] key = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(key);
        return "k" + HexFormat.of().formatHex(id) + ":" + Base64.getEncoder().encodeToString(key);
    }

    String currentId() {
        return currentId;
    }

    SecretKey currentKey() {
        return keys.get(currentId);
    }

    Optional<SecretKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    String describe() {
        return "Stored secrets are encrypted with key '" + currentId + "' from " + source + " (" + keys.size()
                + (keys.size() == 1 ? " key" : " keys") + " can decrypt)";
    }

    private static String parse(String entry, String where, Map<String, SecretKey> into) {
        int colon = entry.indexOf(':');
        String id = colon < 0 ? "" : entry.substring(0, colon).trim();
        if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalStateException(where + " must be written <id>:<base64 of 32 bytes>, the id 1 to 32 letters,"
                    + " digits, '.', '_' or '-'");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": the key '" + id + "' is not valid base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(where + ": the key '" + id + "' must be 32 bytes (AES-256), not " + bytes.length);
        }
        if (into.putIfAbsent(id, new SecretKeySpec(bytes, "AES")) != null) {
            throw new IllegalStateException(where + ": the key id '" + id + "' is given twice");
        }
        return id;
    }

    private static String readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                try {
                    create(file);
                    LOG.info(() -> "Generated the key that encrypts stored secrets in " + file + " (readable by its owner only)");
                } catch (FileAlreadyExistsException raced) {
                    // another server on the same data directory made it first: use that one
                }
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("The key that encrypts stored secrets could not be read or created at " + file
                    + ": set " + KEY + " (HOOKFLOW_SECRETS_KEY) or make the data directory writable", e);
        }
    }

    private static void create(Path file) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "secrets", ".tmp");
        try {
            restrictToOwner(temp);
            Files.writeString(temp, generate() + "\n", StandardCharsets.US_ASCII);
            // no REPLACE_EXISTING: a key another server wrote meanwhile is never overwritten
            Files.move(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            var f = file.toFile();
            if (!(f.setReadable(false, false) && f.setReadable(true, true) && f.setWritable(false, false) && f.setWritable(true, true))) {
                throw new IOException("could not make " + file + " readable by its owner only");
            }
        }
    }
}
