package io.hookflow.platform.boundary;

import java.util.logging.Logger;

import jakarta.json.spi.JsonProvider;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Names the JSON-P provider before the first request. Unnamed, every {@code Json.createReader} or
 * {@code Json.createObjectBuilder} of the server (health answers, for one) searches the class path through
 * {@code ServiceLoader} each time. On WildFly this listener is in time: {@code /health/live} cost 0.04 ms of
 * server CPU per call with it, 0.22 ms without. On Payara it is too late: JSON-P reads the property once, at its
 * first use, and Payara uses JSON-P while it boots, so the README's command names the provider in
 * {@code server-config/payara/system.properties} (docs/benchmarks.md, eighteenth round). An operator's own
 * {@code -Djakarta.json.provider} wins; a server whose JSON-P API cannot load Parsson is left alone.
 */
@WebListener
public class JsonProviderChoice implements ServletContextListener {

    static final String PROPERTY = "jakarta.json.provider";
    static final String PARSSON = "org.eclipse.parsson.JsonProviderImpl";
    private static final Logger LOG = Logger.getLogger(JsonProviderChoice.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (System.getProperty(PROPERTY) == null && loadableByTheApi(PARSSON)) {
            System.setProperty(PROPERTY, PARSSON);
            LOG.fine(() -> PROPERTY + " set to " + PARSSON);
        }
    }

    /** {@code JsonProvider.provider()} loads a named provider with its own class loader, so ask that one. */
    static boolean loadableByTheApi(String className) {
        try {
            Class.forName(className, false, JsonProvider.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
