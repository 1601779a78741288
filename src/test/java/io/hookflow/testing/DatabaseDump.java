package io.hookflow.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Everything the integration tests' PostgreSQL database holds, as text: what an attacker with a backup or a read-only
 * login would see. {@code pg_dump} when it is installed, else every column of every table read over JDBC.
 */
public final class DatabaseDump {

    private DatabaseDump() {
    }

    /** Whether the tests run on PostgreSQL (the only database a dump is taken of). */
    public static boolean available() {
        return "postgresql".equals(System.getProperty("hookflow.it.database"));
    }

    public static String take() {
        String jdbcUrl = System.getProperty("hookflow.it.jdbc-url");
        try {
            return pgDump(jdbcUrl);
        } catch (IOException notInstalled) {
            return selectEverything(jdbcUrl);
        }
    }

    private static String pgDump(String jdbcUrl) throws IOException {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        var process = new ProcessBuilder("pg_dump", "--data-only", "-h", uri.getHost(), "-p", String.valueOf(uri.getPort()),
                "-U", "postgres", uri.getPath().substring(1)).redirectErrorStream(true).start();
        try {
            String dump = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("pg_dump failed: " + dump);
            }
            return dump;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String selectEverything(String jdbcUrl) {
        var dump = new StringBuilder();
        try (var connection = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            List<String> tables = new ArrayList<>();
            try (var rows = connection.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME"));
                }
            }
            for (String table : tables) {
                try (var statement = connection.createStatement(); var rows = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int i = 1; i <= columns; i++) {
                            dump.append(rows.getString(i)).append('\t');
                        }
                        dump.append('\n');
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return dump.toString();
    }
}
