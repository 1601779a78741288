package io.hookflow.platform.control;

import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;

import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;

/**
 * Brings the schema to the newest version in {@code sql/} before anything else touches the database,
 * then has Hibernate check that the entities match it. Every startup singleton that uses the database
 * {@code @DependsOn} this one.
 */
@Startup
@Singleton
public class SchemaMigrations {

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());

    @Resource(lookup = DatasourceDefinition.JNDI_NAME)
    DataSource dataSource;

    @PersistenceUnit(unitName = "hookflow")
    EntityManagerFactory entityManagerFactory;

    private String vendor;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void migrate() {
        vendor = detectVendor();
        SecretKeys.current(); // a bad key stops the deployment here, before anything is encrypted with it
        var result = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                .placeholders(Map.of("json_type", "postgresql".equals(vendor) ? "jsonb" : "json"))
                .javaMigrations(new SealStoredSecrets(vendor))
                .failOnMissingLocations(false)
                .load()
                .migrate();
        LOG.info(() -> "Database schema on " + vendor + " is at version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migrations applied now)");
        entityManagerFactory.unwrap(SessionFactory.class).getSchemaManager().validateMappedObjects();
    }

    /** {@code postgresql} or {@code h2}: which vendor-specific migrations apply. */
    public String vendor() {
        return vendor;
    }

    private static String detectVendor() {
        return ConfiguredDataSource.DatabaseSettings.configured().isPostgres() ? "postgresql" : "h2";
    }
}
