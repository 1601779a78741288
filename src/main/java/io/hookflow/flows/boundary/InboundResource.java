package io.hookflow.flows.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.hookflow.flows.control.Executions;

/**
 * The trigger URL of an inbound flow. Callers are other systems holding the flow's {@code X-Flow-Token}, not
 * users with a JWT, so no role applies here: the token is checked by {@link Executions#trigger}.
 */
@Path("v1/webhooks/{id}/inbound")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class InboundResource {

    static final String TOKEN_HEADER = "X-Flow-Token";

    @Inject
    Executions executions;

    @POST
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    public Response trigger(@PathParam("id") String flowId, @HeaderParam(TOKEN_HEADER) String token, String body) {
        var started = executions.trigger(flowId, token, body);
        return Response.accepted(Envelope.ok("execution started", ExecutionView.of(started, null))).build();
    }
}
