package io.hookflow.security.control;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.hookflow.platform.control.ApiException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling, and for which tenant: always read from the verified token, never from the request. */
@RequestScoped
public class Caller {

    @Inject
    JsonWebToken token;

    public String user() {
        return Optional.ofNullable(token.getSubject())
                .or(() -> Optional.ofNullable(token.<String>getClaim("upn")))
                .or(() -> Optional.ofNullable(token.getName()))
                .orElseThrow(() -> ApiException.forbidden("the token names no user (sub or upn claim)"));
    }

    /** The tenant of the workflow-webhooks surface. */
    public String teamId() {
        return claim("team_id")
                .orElseThrow(() -> ApiException.forbidden("the token carries no team_id claim"));
    }

    /** The tenant of the flows surface. */
    public UUID companyId() {
        String raw = claim("company_id")
                .orElseThrow(() -> ApiException.forbidden("the token carries no company_id claim"));
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.forbidden("the token's company_id claim is not a UUID");
        }
    }

    private Optional<String> claim(String name) {
        Object value = token.getClaim(name);
        if (value == null) {
            return Optional.empty();
        }
        String text = value instanceof jakarta.json.JsonString json ? json.getString() : value.toString();
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }
}
