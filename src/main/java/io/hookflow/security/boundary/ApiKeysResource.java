package io.hookflow.security.boundary;

import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.hookflow.platform.control.ObjectIds;
import io.hookflow.security.control.ApiKeyCredentials;
import io.hookflow.security.control.ApiKeys;
import io.hookflow.security.control.Caller;
import io.hookflow.security.control.Roles;

/** Admins' long-lived keys for machine clients ({@code Authorization: Bearer hf_...}). */
@Path("api-keys")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ApiKeysResource {

    @Inject
    ApiKeys apiKeys;

    @Inject
    ApiKeyCredentials credentials;

    @Inject
    Caller caller;

    @POST
    public Response create(@NotNull @Valid ApiKeyRequest request) {
        var created = apiKeys.create(tenants(), Roles.highest(caller.identity().roles()).orElse(Roles.VIEWER), request.name(), request.role(),
                Optional.ofNullable(request.expiresAt()), caller.user());
        return Response.status(Response.Status.CREATED).entity(ApiKeyView.of(created.apiKey(), created.key())).build();
    }

    @GET
    public ApiKeyView.Page list() {
        return new ApiKeyView.Page(apiKeys.list(tenants()).stream().map(k -> ApiKeyView.of(k, null)).toList());
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") @Pattern(regexp = ObjectIds.PATTERN, message = ObjectIds.PATTERN_MESSAGE) String id) {
        credentials.forget(apiKeys.revoke(tenants(), id).keyHash());
        return Response.noContent().build();
    }

    private ApiKeys.Tenants tenants() {
        return new ApiKeys.Tenants(caller.teamIdIfAny(), caller.companyIdIfAny());
    }
}
