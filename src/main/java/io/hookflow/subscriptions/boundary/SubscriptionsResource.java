package io.hookflow.subscriptions.boundary;

import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.hookflow.security.control.Caller;
import io.hookflow.security.control.Roles;
import io.hookflow.subscriptions.control.SubscriptionFilter;
import io.hookflow.subscriptions.control.Subscriptions;
import io.hookflow.subscriptions.entity.Subscription;
import io.hookflow.subscriptions.entity.WorkflowAction;

@Path("workflows/v1/workflow-webhooks")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SubscriptionsResource {

    @Inject
    Subscriptions subscriptions;

    @Inject
    Caller caller;

    @POST
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public Response create(@NotNull @Valid SubscriptionRequest request) {
        var settings = new Subscription.Settings(request.name(), request.url(),
                request.actions().stream().map(a -> WorkflowAction.fromWire(a).orElseThrow()).toList(),
                Optional.ofNullable(request.enabled()).orElse(true),
                Optional.ofNullable(request.timeoutSeconds()).orElse(SubscriptionRequest.DEFAULT_TIMEOUT_SECONDS),
                Optional.ofNullable(request.maxRetries()).orElse(SubscriptionRequest.DEFAULT_MAX_RETRIES),
                Optional.ofNullable(request.retryBackoffSeconds()).orElse(SubscriptionRequest.DEFAULT_RETRY_BACKOFF_SECONDS));
        var created = subscriptions.create(caller.teamId(), settings, request.bearerToken(), caller.user());
        return Response.status(Response.Status.CREATED).entity(CreatedSubscription.of(created)).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.ADMIN})
    public SubscriptionPage list(@QueryParam("page") @DefaultValue("1") @Min(1) int page,
                                 @QueryParam("size") @DefaultValue("20") @Min(1) @Max(1000) int size,
                                 @QueryParam("search") String search,
                                 @QueryParam("enabled") Boolean enabled,
                                 @QueryParam("action") @Pattern(regexp = SubscriptionRequest.ACTIONS,
                                         message = SubscriptionRequest.ACTIONS_MESSAGE) String action) {
        var filter = new SubscriptionFilter(caller.teamId(),
                Optional.ofNullable(search).filter(s -> !s.isBlank()), Optional.ofNullable(enabled),
                Optional.ofNullable(action).flatMap(WorkflowAction::fromWire), page, size);
        var result = subscriptions.list(filter);
        List<SubscriptionView> views = result.items().stream().map(SubscriptionView::of).toList();
        return new SubscriptionPage(views, result.total(), page, size);
    }
}
