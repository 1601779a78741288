package io.hookflow.delivery.control;

import java.time.Instant;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * How the delivery engine stands, for readers outside the EJB container. The liveness check used to ask the engine,
 * an EJB, itself: every call went through the EJB container, and Payara's CDI-EJB bridge threw and caught an
 * exception each time. The engine hands over its own status when it starts; until then it reads as not running.
 */
@ApplicationScoped
public class EngineHeartbeat {

    static final DeliveryEngine.Status NOT_STARTED = new DeliveryEngine.Status("", false, Instant.EPOCH, 0);

    private volatile Supplier<DeliveryEngine.Status> status = () -> NOT_STARTED;

    /** The engine's own method, called directly: it reads volatile fields only. */
    void readFrom(Supplier<DeliveryEngine.Status> status) {
        this.status = status;
    }

    public DeliveryEngine.Status status() {
        return status.get();
    }
}
