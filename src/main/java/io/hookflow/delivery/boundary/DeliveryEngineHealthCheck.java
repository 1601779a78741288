package io.hookflow.delivery.boundary;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.hookflow.delivery.control.EngineHeartbeat;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the delivery engine runs and its poll keeps ticking; a stalled engine is worth a restart. */
@Liveness
@ApplicationScoped
public class DeliveryEngineHealthCheck implements HealthCheck {

    @Inject
    EngineHeartbeat engine;

    @Override
    public HealthCheckResponse call() {
        var status = engine.status();
        return HealthCheckResponse.named("delivery-engine")
                .status(status.healthy(Instant.now()))
                .withData("node", status.node())
                .withData("in_flight", status.inFlight())
                .withData("last_poll", status.lastPoll().toString())
                .build();
    }
}
