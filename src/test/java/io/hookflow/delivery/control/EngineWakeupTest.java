package io.hookflow.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class EngineWakeupTest {

    private static final WorkDue DUE = new WorkDue() {
    };

    @Test
    void workDueWakesTheEngineThatHandedOverItsWakeUp() {
        var wakeup = new EngineWakeup();
        var wakes = new AtomicInteger();
        wakeup.wakeWith(wakes::incrementAndGet);

        wakeup.onWorkDue(DUE);
        wakeup.onWorkDue(DUE);

        assertThat(wakes).hasValue(2);
    }

    @Test
    void workDueBeforeTheEngineStartedIsLeftToItsFirstPoll() {
        var wakeup = new EngineWakeup();

        assertThatCode(() -> wakeup.onWorkDue(DUE)).doesNotThrowAnyException();
    }
}
