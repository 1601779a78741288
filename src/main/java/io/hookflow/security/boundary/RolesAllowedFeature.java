package io.hookflow.security.boundary;

import java.lang.reflect.AnnotatedElement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

import io.hookflow.platform.control.Forbidden;
import io.hookflow.platform.control.Unauthorized;

/**
 * Enforces {@code @RolesAllowed} on resources against the caller {@link BearerAuthentication} verified, the same
 * way on every server (Payara's own filter is off in payara-web.xml; WildFly enforces it only when RESTEasy is
 * told to), and tells "who are you?" (401) from "not allowed" (403).
 * Resources without any security annotation are denied: every API path needs a role unless it says otherwise.
 */
@Provider
public class RolesAllowedFeature implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        var method = resourceInfo.getResourceMethod();
        var type = resourceInfo.getResourceClass();
        if (type.getPackageName().startsWith("io.hookflow")) {
            context.register(new RoleCheck(requiredRoles(method).or(() -> requiredRoles(type)).orElse(List.of())),
                    Priorities.AUTHORIZATION - 100);
        }
    }

    /** Empty list: denied to all; absent: no annotation here. A {@code null} entry means "anyone, even anonymous". */
    private static Optional<List<String>> requiredRoles(AnnotatedElement element) {
        if (element.isAnnotationPresent(PermitAll.class)) {
            return Optional.of(List.of(RoleCheck.ANYONE));
        }
        if (element.isAnnotationPresent(DenyAll.class)) {
            return Optional.of(List.of());
        }
        return Optional.ofNullable(element.getAnnotation(RolesAllowed.class)).map(r -> Arrays.asList(r.value()));
    }

    // ahead of the server's own @RolesAllowed filter (Payara has one), so answers do not depend on which runs first
    @Priority(Priorities.AUTHORIZATION - 100)
    static final class RoleCheck implements ContainerRequestFilter {
        static final String ANYONE = "*anyone*";
        private final List<String> roles;

        RoleCheck(List<String> roles) {
            this.roles = roles;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (roles.contains(ANYONE)) {
                return;
            }
            var security = request.getSecurityContext();
            if (security == null || security.getUserPrincipal() == null) {
                throw new Unauthorized("a valid bearer token is required");
            }
            if (roles.stream().noneMatch(security::isUserInRole)) {
                throw new Forbidden(roles.isEmpty()
                        ? "this operation is not allowed"
                        : "this operation needs one of the roles " + roles);
            }
        }
    }
}
