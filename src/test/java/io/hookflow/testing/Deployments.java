package io.hookflow.testing;

import java.io.File;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR that `mvn package` built, deployed whole, at the context root as an operator would run it. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive hookflowWar() {
        File war = new File(System.getProperty("hookflow.war", "target/hookflow.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war + " is missing: integration tests run after `mvn package`");
        }
        // ROOT.war deploys at "/" on Payara Micro, the context root the contract fixes
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(war).as(WebArchive.class);
    }
}
