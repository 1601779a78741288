package io.hookflow.platform.control;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;

/** The application's one JTA datasource; {@link ConfiguredDataSource} decides which database is behind it. */
@Singleton
@DataSourceDefinition(
        name = DatasourceDefinition.JNDI_NAME,
        className = "io.hookflow.platform.control.ConfiguredDataSource",
        minPoolSize = 2,
        initialPoolSize = 2,
        maxPoolSize = 40,
        maxIdleTime = 300,
        properties = "applicationName=hookflow")
public class DatasourceDefinition {
    public static final String JNDI_NAME = "java:app/jdbc/hookflow";
}
