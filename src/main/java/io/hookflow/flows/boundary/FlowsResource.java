package io.hookflow.flows.boundary;

import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.hookflow.flows.control.FlowStore;
import io.hookflow.flows.control.Flows;
import io.hookflow.flows.entity.Flow;
import io.hookflow.security.control.Caller;
import io.hookflow.security.control.Roles;

/** The company's flows (Callab's webhooks API): every answer in the {status, message, data} envelope. */
@Path("v1/webhooks")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class FlowsResource {

    @Inject
    Flows flows;

    @Inject
    FlowStore store;

    @Inject
    Caller caller;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.ADMIN})
    public Envelope<List<FlowView>> list(@QueryParam("workspace_id") @DefaultValue(Flow.DEFAULT_WORKSPACE)
                                         @Size(min = 1, max = 255) String workspaceId) {
        var found = store.details(store.inWorkspace(caller.companyId(), workspaceId));
        boolean masked = ViewerMask.appliesTo(caller.identity());
        return Envelope.ok("webhooks", found.stream().map(FlowView::of).map(v -> masked ? v.masked() : v).toList());
    }

    @POST
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@NotNull @Valid FlowRequest request) {
        var created = flows.create(caller.companyId(), request.toSettings(), request.toStepSettings(), caller.user());
        return Response.status(Response.Status.CREATED)
                .entity(Envelope.ok("webhook created", FlowView.of(created.details(), created.inboundToken()))).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.ADMIN})
    public Envelope<FlowView> get(@PathParam("id") String id) {
        var view = store.owned(caller.companyId(), id).map(store::details).map(FlowView::of)
                .orElseThrow(() -> FlowStore.notFound(id));
        return Envelope.ok("webhook", ViewerMask.appliesTo(caller.identity()) ? view.masked() : view);
    }

    @PUT
    @Path("{id}")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    public Envelope<FlowView> replace(@PathParam("id") String id, @NotNull @Valid FlowRequest request) {
        var replaced = flows.replace(caller.companyId(), id, request.toSettings(), request.toStepSettings(), caller.user());
        return Envelope.ok("webhook updated", FlowView.of(replaced));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public Envelope<Object> delete(@PathParam("id") String id) {
        flows.delete(caller.companyId(), id, caller.user());
        return Envelope.ok("webhook deleted", null);
    }

    @POST
    @Path("{id}/stop")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public Envelope<FlowView> stop(@PathParam("id") String id) {
        return Envelope.ok("webhook stopped", FlowView.of(flows.stop(caller.companyId(), id, caller.user())));
    }

    @POST
    @Path("{id}/start")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public Envelope<FlowView> start(@PathParam("id") String id) {
        return Envelope.ok("webhook started", FlowView.of(flows.start(caller.companyId(), id, caller.user())));
    }

    @POST
    @Path("{id}/clone")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public Response cloneTemplate(@PathParam("id") String id, @Valid CloneRequest request) {
        var body = Optional.ofNullable(request);
        var created = flows.cloneTemplate(caller.companyId(), id, body.map(CloneRequest::name),
                body.map(CloneRequest::workspaceId), caller.user());
        return Response.status(Response.Status.CREATED)
                .entity(Envelope.ok("webhook cloned", FlowView.of(created.details(), created.inboundToken()))).build();
    }
}
