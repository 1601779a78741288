package io.hookflow.delivery.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/**
 * Hears, after commit, that a transaction made work due ({@link WorkDue}) and wakes the engine. A plain CDI bean and
 * not an observer method of the engine itself: the engine is an EJB, and notifying an EJB observer went through the
 * EJB container on every publish (a new business-object reference, a container invocation, and on Payara an
 * exception thrown and caught inside its CDI-EJB bridge), some 5 % of the process's CPU samples under publish load.
 */
@ApplicationScoped
public class EngineWakeup {

    private volatile Runnable wake = () -> {
    };

    void onWorkDue(@Observes(during = TransactionPhase.AFTER_SUCCESS) WorkDue due) {
        wake.run();
    }

    /** The engine hands over its own wake-up (its instance's method, called directly: it is cheap and thread-safe). */
    void wakeWith(Runnable wake) {
        this.wake = wake;
    }
}
