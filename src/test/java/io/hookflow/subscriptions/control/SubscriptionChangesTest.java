package io.hookflow.subscriptions.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import io.hookflow.subscriptions.entity.Subscription;
import io.hookflow.subscriptions.entity.WorkflowAction;
import org.junit.jupiter.api.Test;

class SubscriptionChangesTest {

    private static final Subscription.Settings CURRENT = new Subscription.Settings("orders", "https://example.org/hook",
            List.of(WorkflowAction.WORKFLOW_CREATED), true, 10, 3, 10, null, false);

    private static SubscriptionChanges only(Optional<String> name, Optional<Integer> timeout) {
        return new SubscriptionChanges(name, Optional.empty(), Optional.empty(), Optional.empty(), timeout,
                Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty(), false, Optional.empty());
    }

    @Test
    void onlyTheGivenFieldsChange() {
        var changed = only(Optional.of("renamed"), Optional.of(30)).applyTo(CURRENT);

        assertThat(changed).isEqualTo(new Subscription.Settings("renamed", "https://example.org/hook",
                List.of(WorkflowAction.WORKFLOW_CREATED), true, 30, 3, 10, null, false));
    }

    @Test
    void aNewSubscriptionTakesTheContractDefaults() {
        var values = new SubscriptionChanges(Optional.of("n"), Optional.of("http://e.org"),
                Optional.of(List.of(WorkflowAction.WORKFLOW_DELETED)), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty(), false, Optional.empty());

        var settings = values.asNewSettings();

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.timeoutSeconds()).isEqualTo(10);
        assertThat(settings.maxRetries()).isEqualTo(3);
        assertThat(settings.retryBackoffSeconds()).isEqualTo(10);
    }

    @Test
    void aBrokenRuleNamesItsField() {
        assertThatThrownBy(() -> only(Optional.empty(), Optional.of(61)).applyTo(CURRENT))
                .isInstanceOfSatisfying(Subscription.InvalidSetting.class,
                        e -> assertThat(e.field()).isEqualTo("timeout_seconds"));
    }

    @Test
    void theBearerTokenNeverAppearsInTheTextForm() {
        var changes = new SubscriptionChanges(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("top-secret-token"), false, Optional.empty(), false, Optional.empty());

        assertThat(changes.toString()).doesNotContain("top-secret-token").contains("bearerToken=Optional[(set)]");
    }

    @Test
    void aTokenCannotBeSetAndClearedAtOnce() {
        assertThatThrownBy(() -> new SubscriptionChanges(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("t"), true, Optional.empty(), false, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
