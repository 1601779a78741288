package io.hookflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Runs once per integration-test JVM, before any server starts: picks the database (PostgreSQL when it
 * answers, else embedded H2, and says which), creates a fresh test database, makes a signing key pair for
 * test tokens, and hands the resulting settings to every Payara Micro the tests start
 * (system property {@code payara.cmdOptions}, read by the Arquillian connector and by {@link ServerProcess}).
 *
 * <p>{@code -Dhookflow.it.pg=auto|required|off} or {@code HOOKFLOW_IT_PG} (default auto); {@code -Dhookflow.it.db=NAME} names the
 * database, so two checkouts can test side by side.
 */
public class ItEnvironment implements LauncherSessionListener {

    public static final String ISSUER = "hookflow-test";
    /** Every test server demands this audience and tokens at most an hour old, so those checks run on every call. */
    public static final String AUDIENCE = "hookflow-it";
    public static final int MAX_TOKEN_AGE_SECONDS = 3600;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String workdir = System.getProperty("hookflow.it.workdir");
        if (workdir == null || System.getProperty("payara.cmdOptions") != null) {
            return; // a unit-test run, or already prepared
        }
        try {
            Path dir = Files.createDirectories(Path.of(workdir).toAbsolutePath());
            List<String> options = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseSerialGC",
                    "-Dhookflow.delivery.allow-private-targets=true",
                    "-Dmp.jwt.verify.issuer=" + ISSUER,
                    "-Dmp.jwt.verify.audiences=" + AUDIENCE,
                    "-Dmp.jwt.verify.token.age=" + MAX_TOKEN_AGE_SECONDS,
                    "-Dmp.jwt.verify.publickey.location=file:" + writeKeyPair(dir),
                    // one key for every server of the run, so clustered tests read each other's secrets
                    "-Dhookflow.secrets.key=" + io.hookflow.platform.control.SecretKeys.generate()));
            options.addAll(databaseOptions(dir));
            System.setProperty("payara.cmdOptions", String.join(" ", options));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> databaseOptions(Path dir) throws IOException {
        // the environment wins so CI can demand PostgreSQL without changing the documented test command
        String mode = Optional.ofNullable(System.getenv("HOOKFLOW_IT_PG")).orElse(System.getProperty("hookflow.it.pg", "auto"));
        String server = System.getProperty("hookflow.it.pg.server", "jdbc:postgresql://127.0.0.1:5432/");
        String user = System.getProperty("hookflow.it.pg.user", "postgres");
        String database = System.getProperty("hookflow.it.db", "hookflow_it");
        if (!"off".equals(mode)) {
            try {
                recreateDatabase(server, user, database);
                System.out.println("[hookflow-it] Integration tests run against PostgreSQL: " + server + database);
                System.setProperty("hookflow.it.database", "postgresql");
                System.setProperty("hookflow.it.jdbc-url", server + database);
                return List.of("-Dhookflow.db.url=" + server + database, "-Dhookflow.db.user=" + user);
            } catch (SQLException e) {
                if ("required".equals(mode)) {
                    throw new IllegalStateException("PostgreSQL is required for the integration tests (-Dhookflow.it.pg=required) "
                            + "but " + server + " did not answer: " + e.getMessage(), e);
                }
                System.out.println("[hookflow-it] PostgreSQL at " + server + " is not reachable (" + e.getMessage()
                        + "): integration tests run on embedded H2");
            }
        }
        Path data = Files.createDirectories(dir.resolve("h2-" + System.currentTimeMillis()));
        System.setProperty("hookflow.it.database", "h2");
        return List.of("-Dhookflow.data-dir=" + data);
    }

    private static void recreateDatabase(String server, String user, String database) throws SQLException {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("unsafe database name " + database);
        }
        try (var connection = DriverManager.getConnection(server + "postgres", user, "");
             var statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        }
    }

    private static Path writeKeyPair(Path dir) throws IOException {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path publicKey = dir.resolve("jwt-public.pem");
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(dir.resolve("jwt-private.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            return publicKey;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
