package io.hookflow.subscriptions.control;

import java.util.Optional;

import io.hookflow.subscriptions.entity.WorkflowAction;

/** What a subscription list asks for; the team always comes from the caller's token. */
public record SubscriptionFilter(String teamId, Optional<String> search, Optional<Boolean> enabled,
                                 Optional<WorkflowAction> action, int page, int size) {
}
