package io.hookflow.flows.control;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import io.hookflow.platform.control.Timestamps;

/**
 * Starts the executions flow schedules are due for, on a non-persistent timer of its own every second (the
 * database row is the truth, see {@link DueSchedules}). A started execution hands its first steps to the engine.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class FlowSchedules {

    static final int SCHEDULES_PER_POLL = 100;
    private static final Logger LOG = Logger.getLogger(FlowSchedules.class.getName());

    @Inject
    DueSchedules schedules;

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    public void startDue() {
        try {
            schedules.startDue(Timestamps.now(), SCHEDULES_PER_POLL);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Starting due flow schedules failed; the next poll tries again", e);
        }
    }
}
