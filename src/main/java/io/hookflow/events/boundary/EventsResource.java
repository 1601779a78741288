package io.hookflow.events.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.hookflow.events.control.AttemptFilter;
import io.hookflow.events.control.EventAttempts;
import io.hookflow.events.control.EventRecords;
import io.hookflow.events.control.EventReplay;
import io.hookflow.events.control.EventSearch;
import io.hookflow.events.control.Publisher;
import io.hookflow.platform.control.ObjectIds;
import io.hookflow.platform.control.TimeWindow;
import io.hookflow.security.control.Caller;
import io.hookflow.security.control.Roles;

/** Published workflow events: publishing (fan-out), the event list, an event's attempts, a manual retry. */
@Path("workflows/v1/workflow-webhooks/events")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EventsResource {

    @Inject
    Publisher publisher;

    @Inject
    EventSearch search;

    @Inject
    EventAttempts attempts;

    @Inject
    EventRecords records;

    @Inject
    EventReplay replay;

    @Inject
    Caller caller;

    @POST
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public Response publish(@NotNull @Valid PublishRequest request) {
        var published = publisher.publish(caller.teamId(), request.publication(), caller.user());
        return Response.accepted(published).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.ADMIN})
    public EventPage list(@Valid @BeanParam EventQuery query,
                          @QueryParam("page") @DefaultValue("1") @Min(1) int page,
                          @QueryParam("size") @DefaultValue("300") @Min(1) @Max(1000) int size) {
        var result = search.list(query.filter(caller.teamId(), page, size));
        return new EventPage(result.items().stream().map(EventView::of).toList(), result.total());
    }

    /** Makes every record the list's filter matches due now, as {@link #retry} does one; editors and admins. */
    @POST
    @Path("replay")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public Response replay(@Valid @BeanParam EventQuery query) {
        long replayed = replay.replay(query.filter(caller.teamId(), 1, 1), caller.user());
        return Response.accepted(new ReplayAnswer("events queued for replay", replayed)).build();
    }

    @GET
    @Path("{event_id}/attempts")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.ADMIN})
    public AttemptPage attempts(@PathParam("event_id") @Pattern(regexp = PublishRequest.EVENT_ID,
                                        message = PublishRequest.EVENT_ID_MESSAGE) String eventId,
                                @QueryParam("search") String search,
                                @QueryParam("start") String start,
                                @QueryParam("end") String end,
                                @QueryParam("page") @DefaultValue("1") @Min(1) int page,
                                @QueryParam("size") @DefaultValue("300") @Min(1) @Max(1000) int size) {
        var filter = new AttemptFilter(caller.teamId(), eventId, EventQuery.words(search), TimeWindow.fromQuery(start, end), page, size);
        var result = attempts.list(filter);
        return new AttemptPage(result.items().stream().map(AttemptView::of).toList(), result.total());
    }

    @POST
    @Path("{id}/retry")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public RetryAnswer retry(@PathParam("id") @Pattern(regexp = ObjectIds.PATTERN,
                                     message = ObjectIds.PATTERN_MESSAGE) String id) {
        var record = records.retry(caller.teamId(), id, caller.user());
        return new RetryAnswer("event queued for retry", record.eventId());
    }
}
