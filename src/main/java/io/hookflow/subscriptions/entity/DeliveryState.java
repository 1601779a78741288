package io.hookflow.subscriptions.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.hookflow.delivery.entity.Pacing;

/**
 * How deliveries to one subscription are going ({@link Pacing}). A row of its own, so the engine's writes never
 * lock or version the subscription that publishes read.
 */
@Entity
@Table(name = "subscription_delivery_state")
public class DeliveryState {

    @Id
    @Column(name = "subscription_id", length = 24)
    private String subscriptionId;

    @Embedded
    private Pacing pacing = new Pacing();

    protected DeliveryState() {
    }

    public DeliveryState(String subscriptionId) {
        this.subscriptionId = subscriptionId;
    }

    public String subscriptionId() {
        return subscriptionId;
    }

    public Pacing pacing() {
        return pacing;
    }
}
