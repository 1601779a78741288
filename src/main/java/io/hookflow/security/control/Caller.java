package io.hookflow.security.control;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import io.hookflow.platform.control.Forbidden;
import io.hookflow.platform.control.Unauthorized;

/**
 * Who is calling, and for which tenant: always read from the verified credential (token or API key), never
 * from the request. Every value is checked here before it reaches a column, so an oversized or malformed
 * claim is a 403, never a database error.
 */
@ApplicationScoped
public class Caller {

    public static final int LONGEST_TEAM_ID = 64;
    public static final int LONGEST_USER = 255;

    @Inject
    HttpServletRequest request;

    /** The verified credential; a request without one never reaches a resource that asks. */
    public Identity identity() {
        if (request.getAttribute(Identity.ATTRIBUTE) instanceof Identity identity) {
            return identity;
        }
        throw new Unauthorized("a valid bearer token is required");
    }

    public String user() {
        String user = Optional.ofNullable(identity().user()).filter(u -> !u.isBlank())
                .orElseThrow(() -> new Forbidden("the token names no user (sub or upn claim)"));
        if (user.length() > LONGEST_USER) {
            throw new Forbidden("the token's user (sub or upn claim) is longer than " + LONGEST_USER + " characters");
        }
        return user;
    }

    /** The tenant of the workflow-webhooks surface. */
    public String teamId() {
        return teamIdIfAny().orElseThrow(() -> new Forbidden("the token carries no team_id claim"));
    }

    /** The tenant of the flows surface. */
    public UUID companyId() {
        return companyIdIfAny().orElseThrow(() -> new Forbidden("the token carries no company_id claim"));
    }

    public Optional<String> teamIdIfAny() {
        var team = identity().team();
        if (team.isPresent() && team.get().length() > LONGEST_TEAM_ID) {
            throw new Forbidden("the token's team_id claim is longer than " + LONGEST_TEAM_ID + " characters");
        }
        return team;
    }

    public Optional<UUID> companyIdIfAny() {
        return identity().company().map(raw -> {
            try {
                return UUID.fromString(raw);
            } catch (IllegalArgumentException e) {
                throw new Forbidden("the token's company_id claim is not a UUID");
            }
        });
    }
}
