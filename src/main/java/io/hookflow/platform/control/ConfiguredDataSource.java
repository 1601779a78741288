package io.hookflow.platform.control;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.sql.DataSource;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The datasource class named by {@link DatasourceDefinition}. The server pools connections around it;
 * it picks the real driver from MicroProfile Config when first used.
 *
 * Why a class and not placeholders in the annotation: Payara resolves {@code ${MPCONFIG=..}} without the
 * WAR's own defaults and WildFly not at all, so the one place that reads configuration the same way on
 * every server is this class, in the application's class loader.
 */
public class ConfiguredDataSource implements DataSource {

    private volatile DataSource delegate;
    private volatile String applicationName = "hookflow";
    private PrintWriter logWriter;
    private int loginTimeout;

    private DataSource delegate() {
        DataSource current = delegate;
        if (current == null) {
            synchronized (this) {
                if (delegate == null) {
                    delegate = create(DatabaseSettings.configured(), applicationName);
                }
                current = delegate;
            }
        }
        return current;
    }

    /**
     * How PostgreSQL lists this pool's connections. A bean property because WildFly refuses a datasource class
     * that is given no connection property at all; {@link DatasourceDefinition} sets it.
     */
    public void setApplicationName(String applicationName) {
        this.applicationName = applicationName;
    }

    public String getApplicationName() {
        return applicationName;
    }

    static DataSource create(DatabaseSettings settings, String applicationName) {
        if (settings.isPostgres()) {
            var pg = new org.postgresql.ds.PGSimpleDataSource();
            pg.setURL(settings.url());
            settings.user().ifPresent(pg::setUser);
            settings.password().ifPresent(pg::setPassword);
            pg.setApplicationName(applicationName);
            pg.setReWriteBatchedInserts(true);
            return pg;
        }
        try {
            // H2 ships with the server (Payara and WildFly both); loaded reflectively so the WAR does not bundle it
            Class<?> type = Class.forName("org.h2.jdbcx.JdbcDataSource", true, ConfiguredDataSource.class.getClassLoader());
            DataSource h2 = (DataSource) type.getDeclaredConstructor().newInstance();
            type.getMethod("setURL", String.class).invoke(h2, settings.url());
            type.getMethod("setUser", String.class).invoke(h2, settings.user().orElse("sa"));
            type.getMethod("setPassword", String.class).invoke(h2, settings.password().orElse(""));
            return h2;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The embedded H2 database is not available on this server; set hookflow.db.url", e);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return delegate().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        // WildFly's pool asks with the definition's (empty) credentials; the configured ones then apply
        if (username == null || username.isBlank()) {
            return delegate().getConnection();
        }
        return delegate().getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return delegate().unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate().isWrapperFor(iface);
    }

    /** What the configuration says about the database: PostgreSQL when a URL is set, else H2 in the data dir. */
    public record DatabaseSettings(String url, Optional<String> user, Optional<String> password) {

        /** What MicroProfile Config says, read the same way on every server (see the class comment). */
        public static DatabaseSettings configured() {
            Config config = ConfigProvider.getConfig(ConfiguredDataSource.class.getClassLoader());
            return from(key -> config.getOptionalValue(key, String.class));
        }

        /** @param config looks a configuration key up */
        public static DatabaseSettings from(Function<String, Optional<String>> config) {
            Optional<String> url = config.apply("hookflow.db.url").filter(s -> !s.isBlank());
            Optional<String> user = config.apply("hookflow.db.user").filter(s -> !s.isBlank());
            Optional<String> password = config.apply("hookflow.db.password");
            if (url.isPresent()) {
                return new DatabaseSettings(url.get(), user, password);
            }
            String dataDir = config.apply("hookflow.data-dir").filter(s -> !s.isBlank()).orElse("./data");
            return new DatabaseSettings(h2Url(Path.of(dataDir)), user, password);
        }

        static String h2Url(Path dataDir) {
            Path file = dataDir.toAbsolutePath().normalize().resolve("hookflow");
            // DB_CLOSE_ON_EXIT=FALSE leaves closing to the server's pool instead of a JVM shutdown hook
            return "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE";
        }

        /** The one answer to "is this PostgreSQL?": the driver, the migrations and the queries all ask it. */
        public boolean isPostgres() {
            return url.startsWith("jdbc:postgresql:");
        }

    }
}
