package io.hookflow.events.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.hookflow.events.control.DeliveryStats;
import io.hookflow.events.control.SubscriptionStats;
import io.hookflow.subscriptions.control.Subscriptions;
import io.hookflow.platform.control.ObjectIds;
import io.hookflow.platform.control.TimeWindow;
import io.hookflow.platform.control.Timestamps;
import io.hookflow.security.control.Caller;
import io.hookflow.security.control.Roles;

/** How deliveries to one subscription went: served beside the subscription, computed from its event records. */
@Path("workflows/v1/workflow-webhooks/{id}/stats")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionStatsResource {

    @Inject
    DeliveryStats stats;

    @Inject
    Subscriptions subscriptions;

    @Inject
    Caller caller;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.ADMIN})
    public SubscriptionStats stats(@PathParam("id") @Pattern(regexp = ObjectIds.PATTERN, message = ObjectIds.PATTERN_MESSAGE) String id,
                                   @QueryParam("start") String start,
                                   @QueryParam("end") String end) {
        var window = TimeWindow.fromQuery(start, end);
        if (!subscriptions.exists(caller.teamId(), id)) {
            throw Subscriptions.notFound();
        }
        return stats.of(id, window, Timestamps.now());
    }
}
