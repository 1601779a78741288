package io.hookflow.subscriptions.boundary;

import java.util.List;

public record SubscriptionPage(List<SubscriptionView> subscriptions, long total, int page, int size) {
}
