package io.hookflow.platform.control;

import java.util.Map;
import javax.naming.InitialContext;
import javax.naming.NamingException;

import org.hibernate.engine.transaction.jta.platform.internal.StandardJtaPlatformResolver;
import org.hibernate.engine.transaction.jta.platform.internal.SunOneJtaPlatform;
import org.hibernate.engine.transaction.jta.platform.spi.JtaPlatform;
import org.hibernate.engine.transaction.jta.platform.spi.JtaPlatformResolver;
import org.hibernate.service.spi.ServiceRegistryImplementor;

/**
 * Hibernate does not recognise Payara's transaction manager by itself, and naming Payara's platform in
 * persistence.xml breaks WildFly (whose integration sets its own platform, which wins over any resolver).
 * This is the one Payara-specific piece of the persistence setup.
 */
public class ServerJtaPlatformResolver implements JtaPlatformResolver {

    private static final String PAYARA_TRANSACTION_MANAGER = "java:appserver/TransactionManager";

    @Override
    @SuppressWarnings("unchecked")
    public JtaPlatform resolveJtaPlatform(@SuppressWarnings("rawtypes") Map configurationValues, ServiceRegistryImplementor registry) {
        if (isBound(PAYARA_TRANSACTION_MANAGER)) {
            return new SunOneJtaPlatform();
        }
        return new StandardJtaPlatformResolver().resolveJtaPlatform(configurationValues, registry);
    }

    private static boolean isBound(String name) {
        try {
            return new InitialContext().lookup(name) != null;
        } catch (NamingException e) {
            return false;
        }
    }
}
