package io.hookflow.delivery.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import io.hookflow.delivery.control.DeliveryEngine;

/**
 * Stops the delivery engine when the application stops, early enough that it can still book what is in flight
 * and give back its leases: application-defined datasources may already be gone when EJBs are destroyed.
 */
@WebListener
public class EngineShutdown implements ServletContextListener {

    @Inject
    DeliveryEngine engine;

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        engine.shutdown();
    }
}
