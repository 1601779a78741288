package io.hookflow.security.control;

import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The WAR trusts a development key out of the box so the README works with nothing configured. Its private
 * half is public, so an operator who forgets to replace it must hear about it at every start.
 */
@Startup
@Singleton
public class DevKeyWarning {

    static final String DEV_KEY_LOCATION = "/META-INF/dev-jwt-public.pem";
    private static final Logger LOG = Logger.getLogger(DevKeyWarning.class.getName());

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location", defaultValue = "")
    String keyLocation;

    @PostConstruct
    void warnIfDevelopmentKey() {
        if (DEV_KEY_LOCATION.equals(keyLocation.trim())) {
            LOG.warning("Tokens are verified with the DEVELOPMENT key shipped in the WAR; anyone can mint tokens for it. "
                    + "Set MP_JWT_VERIFY_PUBLICKEY_LOCATION and MP_JWT_VERIFY_ISSUER before real use.");
        }
    }
}
