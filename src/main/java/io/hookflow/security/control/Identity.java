package io.hookflow.security.control;

import java.security.Principal;
import java.util.Optional;
import java.util.Set;

/**
 * Who a verified credential says is calling: a bearer token's claims, or the API key's creator tenants and
 * role. Values are as the credential carried them; {@link Caller} checks them before they reach a column.
 *
 * @param apiKeyId the key used, or {@code null} for a token
 */
public record Identity(String user, Set<String> roles, String teamId, String companyId, String apiKeyId)
        implements Principal {

    /** The request attribute (and JAX-RS request property) under which the authentication filter leaves it. */
    public static final String ATTRIBUTE = Identity.class.getName();

    public Identity {
        roles = Set.copyOf(roles);
    }

    @Override
    public String getName() {
        return user;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public Optional<String> team() {
        return Optional.ofNullable(teamId).filter(t -> !t.isBlank());
    }

    public Optional<String> company() {
        return Optional.ofNullable(companyId).filter(c -> !c.isBlank());
    }
}
