package io.hookflow.platform.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JsonProviderChoiceTest {

    private String before;

    @BeforeEach
    void rememberTheProperty() {
        before = System.getProperty(JsonProviderChoice.PROPERTY);
        System.clearProperty(JsonProviderChoice.PROPERTY);
    }

    @AfterEach
    void restoreTheProperty() {
        if (before == null) {
            System.clearProperty(JsonProviderChoice.PROPERTY);
        } else {
            System.setProperty(JsonProviderChoice.PROPERTY, before);
        }
    }

    @Test
    void namesParssonWhenNothingIsNamedAndTheApiCanLoadIt() {
        new JsonProviderChoice().contextInitialized(null);

        assertThat(System.getProperty(JsonProviderChoice.PROPERTY)).isEqualTo(JsonProviderChoice.PARSSON);
    }

    @Test
    void keepsTheProviderAnOperatorNamed() {
        System.setProperty(JsonProviderChoice.PROPERTY, "org.example.OtherProvider");

        new JsonProviderChoice().contextInitialized(null);

        assertThat(System.getProperty(JsonProviderChoice.PROPERTY)).isEqualTo("org.example.OtherProvider");
    }

    @Test
    void aProviderTheApiCannotLoadIsNotNamed() {
        assertThat(JsonProviderChoice.loadableByTheApi("org.example.Missing")).isFalse();
    }
}
