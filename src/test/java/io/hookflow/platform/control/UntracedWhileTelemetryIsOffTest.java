package io.hookflow.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class UntracedWhileTelemetryIsOffTest {

    @Test
    void everyPathIsSkippedWhileTelemetryIsOffAsItIsByDefault() {
        var source = new UntracedWhileTelemetryIsOff(name -> null);

        assertThat(source.getValue(UntracedWhileTelemetryIsOff.SKIP_PATTERN)).isEqualTo(".*");
        assertThat(source.getPropertyNames()).containsExactly(UntracedWhileTelemetryIsOff.SKIP_PATTERN);
        assertThat(new UntracedWhileTelemetryIsOff(Map.of("otel.sdk.disabled", "true")::get)
                .getValue(UntracedWhileTelemetryIsOff.SKIP_PATTERN)).isEqualTo(".*");
    }

    @Test
    void nothingIsSuppliedOnceAnOperatorTurnsTelemetryOn() {
        var source = new UntracedWhileTelemetryIsOff(Map.of("otel.sdk.disabled", " False ")::get);

        assertThat(source.getValue(UntracedWhileTelemetryIsOff.SKIP_PATTERN)).isNull();
        assertThat(source.getPropertyNames()).isEmpty();
    }

    @Test
    void anyOtherSourceWins() {
        assertThat(new UntracedWhileTelemetryIsOff(name -> null).getOrdinal()).isLessThan(100);
    }
}
