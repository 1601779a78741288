package io.hookflow.console.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleSettingsTest {

    @Test
    void theIssuersOriginIsWhatThePolicyAllows() {
        assertThat(new ConsoleSettings.Oidc("https://login.example.org/realms/ops", "console").origin())
                .hasValue("https://login.example.org");
        assertThat(new ConsoleSettings.Oidc("http://127.0.0.1:25080/hookflow", "console").origin())
                .hasValue("http://127.0.0.1:25080");
    }

    @Test
    void anIssuerThatIsNoUrlAllowsNothingMore() {
        assertThat(new ConsoleSettings.Oidc("not a url", "console").origin()).isEmpty();
        assertThat(new ConsoleSettings.Oidc("hookflow", "console").origin()).isEmpty();
    }
}
