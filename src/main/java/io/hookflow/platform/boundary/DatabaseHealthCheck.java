package io.hookflow.platform.boundary;

import java.sql.Connection;
import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import io.hookflow.platform.control.DatasourceDefinition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the database answers: without it nothing can be accepted or delivered. */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements HealthCheck {

    private static final int TIMEOUT_SECONDS = 2;

    @Resource(lookup = DatasourceDefinition.JNDI_NAME)
    DataSource dataSource;

    /**
     * Created while the application starts: WildFly runs health checks on a management thread, where the
     * application's {@code java:app} names (the datasource) cannot be looked up.
     */
    void createdAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // nothing to do: observing the event is what makes the container create the bean now
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database");
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(TIMEOUT_SECONDS);
            return response.status(valid)
                    .withData("product", connection.getMetaData().getDatabaseProductName())
                    .build();
        } catch (Exception e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
