package io.hookflow.testing;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.shrinkwrap.api.Archive;

/**
 * Runs the Arquillian integration tests against the WildFly that {@code mvn -Pwildfly package} provisioned, the
 * way an operator runs it: each test class's deployment starts a fresh {@link ServerProcess} of
 * {@code target/server}, whose deployed ROOT.war is the same {@code hookflow.war} the test deploys
 * ({@link Deployments#hookflowWar()}), and stops it afterwards. Only client-side tests ({@code testable = false}).
 * Active with {@code -Dhookflow.it.server=wildfly} and the {@code wildfly} container of arquillian.xml.
 */
public class WildFlyContainer implements DeployableContainer<WildFlyContainer.Configuration> {

    private static final AtomicInteger DEPLOYMENTS = new AtomicInteger();
    private ServerProcess server;

    @Override
    public Class<Configuration> getConfigurationClass() {
        return Configuration.class;
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return new ProtocolDescription("Servlet 5.0");
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) {
        server = ServerProcess.start("wildfly-" + DEPLOYMENTS.incrementAndGet(), Map.of());
        return new ProtocolMetaData().addContext(new HTTPContext("127.0.0.1", server.base().getPort()));
    }

    @Override
    public void undeploy(Archive<?> archive) {
        stopServer();
    }

    @Override
    public void stop() {
        stopServer();
    }

    private void stopServer() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Nothing to configure: the server's place comes from {@code hookflow.wildfly.home}. */
    public static class Configuration implements ContainerConfiguration {
        @Override
        public void validate() {
            // nothing to check
        }
    }

    /** Registers the container only for a WildFly run, so that a Payara run keeps exactly one adapter. */
    public static class Extension implements LoadableExtension {
        @Override
        public void register(ExtensionBuilder builder) {
            if (ServerProcess.isWildFly()) {
                builder.service(DeployableContainer.class, WildFlyContainer.class);
            }
        }
    }
}
