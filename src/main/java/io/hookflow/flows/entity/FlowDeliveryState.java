package io.hookflow.flows.entity;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.hookflow.delivery.entity.Pacing;

/**
 * How a flow's step tries are going ({@link Pacing}: its circuit breaker's count, its rate limit's bucket). A row
 * of its own, so the engine's claims and bookings never lock or version the flow that users edit.
 */
@Entity
@Table(name = "flow_delivery_state")
public class FlowDeliveryState {

    @Id
    @Column(name = "flow_id")
    private UUID flowId;

    @Embedded
    private Pacing pacing = new Pacing();

    protected FlowDeliveryState() {
    }

    public FlowDeliveryState(UUID flowId) {
        this.flowId = flowId;
    }

    public UUID flowId() {
        return flowId;
    }

    public Pacing pacing() {
        return pacing;
    }
}
