package io.hookflow.subscriptions.control;

import java.time.Instant;

/**
 * Fired (CDI, synchronously, inside the deleting transaction) when a subscription is gone, so the features
 * that keep data about it settle that data in the same transaction without this package knowing them.
 */
public record SubscriptionDeleted(String subscriptionId, String teamId, String user, Instant at) {
}
