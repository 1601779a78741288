package io.hookflow.flows.boundary;

import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.hookflow.flows.control.Executions;
import io.hookflow.flows.entity.ExecutionStatus;
import io.hookflow.flows.entity.WireEnum;
import io.hookflow.security.control.Caller;
import io.hookflow.security.control.Roles;

/** Running a flow now, and reading its executions with their step results. */
@Path("v1/webhooks/{id}/executions")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ExecutionsResource {

    @Inject
    Executions executions;

    @Inject
    Caller caller;

    @POST
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public Response run(@PathParam("id") String flowId, RunRequest request) {
        var input = request == null ? new RunRequest(null).input() : request.input();
        var started = executions.run(caller.companyId(), flowId, input, caller.user());
        return Response.accepted(Envelope.ok("execution started", ExecutionView.of(started, null))).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.ADMIN})
    public Envelope<ExecutionPage> list(@PathParam("id") String flowId,
                                        @QueryParam("page") @DefaultValue("1") @Min(1) int page,
                                        @QueryParam("size") @DefaultValue("20") @Min(1) @Max(1000) int size,
                                        @QueryParam("status") @Pattern(regexp = "scheduled|in_progress|success|failed",
                                                message = "must be one of scheduled, in_progress, success, failed") String status) {
        var found = executions.list(caller.companyId(), flowId, page, size,
                Optional.ofNullable(status).flatMap(s -> WireEnum.fromWire(ExecutionStatus.class, s)));
        boolean masked = ViewerMask.appliesTo(caller.identity());
        var views = found.items().stream().map(e -> ExecutionView.of(e, null)).map(v -> masked ? v.masked() : v).toList();
        return Envelope.ok("executions", new ExecutionPage(views, found.total(), page, size));
    }

    @GET
    @Path("{executionId}")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.ADMIN})
    public Envelope<ExecutionView> get(@PathParam("id") String flowId, @PathParam("executionId") String executionId) {
        var view = ExecutionView.of(executions.get(caller.companyId(), flowId, executionId));
        return Envelope.ok("execution", ViewerMask.appliesTo(caller.identity()) ? view.masked() : view);
    }
}
