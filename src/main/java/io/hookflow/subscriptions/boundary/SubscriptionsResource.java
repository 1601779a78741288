package io.hookflow.subscriptions.boundary;

import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.hookflow.platform.control.ObjectIds;
import io.hookflow.security.control.Caller;
import io.hookflow.security.control.Roles;
import io.hookflow.subscriptions.control.SubscriptionFilter;
import io.hookflow.subscriptions.control.Subscriptions;
import io.hookflow.subscriptions.entity.WorkflowAction;

@Path("workflows/v1/workflow-webhooks")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SubscriptionsResource {

    @Inject
    Subscriptions subscriptions;

    @Inject
    Caller caller;

    @Inject
    Validator validator;

    @POST
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public Response create(@NotNull @Valid SubscriptionRequest request) {
        var created = subscriptions.create(caller.teamId(), request.values(), caller.user());
        return Response.status(Response.Status.CREATED).entity(CreatedSubscription.of(created)).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.ADMIN})
    public SubscriptionPage list(@QueryParam("page") @DefaultValue("1") @Min(1) int page,
                                 @QueryParam("size") @DefaultValue("20") @Min(1) @Max(1000) int size,
                                 @QueryParam("search") String search,
                                 @QueryParam("enabled") Boolean enabled,
                                 @QueryParam("action") @Pattern(regexp = WorkflowAction.WIRE_NAMES,
                                         message = WorkflowAction.WIRE_NAMES_MESSAGE) String action) {
        var filter = new SubscriptionFilter(caller.teamId(),
                Optional.ofNullable(search).map(String::strip).filter(s -> !s.isEmpty()), Optional.ofNullable(enabled),
                Optional.ofNullable(action).flatMap(WorkflowAction::fromWire), page, size);
        var result = subscriptions.list(filter);
        return new SubscriptionPage(result.items().stream().map(SubscriptionView::of).toList(), result.total(), page, size);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.ADMIN})
    public SubscriptionView get(@PathParam("id") @Pattern(regexp = ObjectIds.PATTERN, message = ObjectIds.PATTERN_MESSAGE) String id) {
        return subscriptions.find(caller.teamId(), id).map(SubscriptionView::of)
                .orElseThrow(Subscriptions::notFound);
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public SubscriptionView update(@PathParam("id") @Pattern(regexp = ObjectIds.PATTERN, message = ObjectIds.PATTERN_MESSAGE) String id,
                                   @NotNull JsonValue body) {
        var patch = SubscriptionPatch.of(body);
        var current = subscriptions.find(caller.teamId(), id).orElseThrow(Subscriptions::notFound);
        return SubscriptionView.of(subscriptions.update(caller.teamId(), id, patch.changesTo(current.settings(), validator), caller.user()));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public Response delete(@PathParam("id") @Pattern(regexp = ObjectIds.PATTERN, message = ObjectIds.PATTERN_MESSAGE) String id) {
        subscriptions.delete(caller.teamId(), id, caller.user());
        return Response.noContent().build();
    }

    /** A credential, not a setting: editors and admins only, although viewers may read everything else. */
    @GET
    @Path("{id}/secret")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public SecretView secret(@PathParam("id") @Pattern(regexp = ObjectIds.PATTERN, message = ObjectIds.PATTERN_MESSAGE) String id) {
        return subscriptions.secret(caller.teamId(), id).map(SecretView::new).orElseThrow(Subscriptions::notFound);
    }

    @POST
    @Path("{id}/secret/rotate")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public SecretView rotateSecret(@PathParam("id") @Pattern(regexp = ObjectIds.PATTERN, message = ObjectIds.PATTERN_MESSAGE) String id) {
        return new SecretView(subscriptions.rotateSecret(caller.teamId(), id, caller.user()));
    }
}
