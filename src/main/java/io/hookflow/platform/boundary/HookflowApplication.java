package io.hookflow.platform.boundary;

import java.util.Map;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import io.hookflow.security.control.Roles;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * Both public surfaces live at the context root: {@code /workflows/v1/...} and {@code /v1/...}. No server login
 * configuration: Hookflow verifies bearer tokens and API keys itself ({@code security.boundary.BearerAuthentication}),
 * the same way on every server and without the server's per-request security work.
 */
@ApplicationPath("/")
@DeclareRoles({Roles.VIEWER, Roles.EDITOR, Roles.ADMIN})
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@OpenAPIDefinition(
        info = @Info(title = "Hookflow", version = "1",
                description = "Workflow webhooks and multi-step HTTP flows on one delivery engine"),
        security = @SecurityRequirement(name = "bearer"))
public class HookflowApplication extends Application {

    /**
     * Every resource is a CDI bean, so Hibernate Validator's CDI interceptor already validates each resource method's
     * parameters and result; Jersey's own validation (Payara) checked them all a second time before the call, about 2 % of
     * a one-row GET's CPU and 3 % of a publish's (JFR, docs/benchmarks.md, sixteenth round). Other JAX-RS runtimes ignore
     * the property.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.beanValidation.disable.server", true);
    }
}
