package io.hookflow.subscriptions.control;

import java.time.Instant;

/** Fired (CDI, inside the transaction) when a disabled subscription is enabled again: its waiting records may go. */
public record SubscriptionEnabled(String subscriptionId, String teamId, Instant at) {
}
