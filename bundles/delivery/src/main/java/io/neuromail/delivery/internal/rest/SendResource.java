package io.neuromail.delivery.internal.rest;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.neuromail.api.rest.LargeBody;
import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.rest.Page;
import io.neuromail.api.rest.PageRequest;
import io.neuromail.api.security.Caller;
import io.neuromail.api.security.RequiresScope;
import io.neuromail.api.security.Scope;
import io.neuromail.delivery.internal.DeliveryService;
import io.neuromail.delivery.internal.Requests.NewSend;
import io.neuromail.delivery.internal.Views.DeliveryView;
import io.neuromail.delivery.internal.Views.SendView;

/** Sends: progress, per-recipient state and the actions pause, resume, cancel and resend. */
@Component(service = SendResource.class)
@JaxrsResource
@JaxrsName("neuromail.delivery.sends")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("sends")
public class SendResource {

    /** The largest body of {@code POST /sends}: 100,000 recipients with a few hundred bytes of merge fields each. */
    static final int SEND_BODY_KILOBYTES = 48 * 1024;

    @Reference
    private DeliveryService delivery;

    /** Up to {@link io.neuromail.delivery.internal.Validator#MAX_RECIPIENTS} recipients with their merge fields. */
    @POST
    @RequiresScope(Scope.SEND)
    @Consumes(MediaType.APPLICATION_JSON)
    @LargeBody(kilobytes = SEND_BODY_KILOBYTES)
    public Response create(@Context SecurityContext security, NewSend body) {
        return Response.status(201).entity(delivery.createSend(Caller.require(security), body)).build();
    }

    @GET
    public Page<SendView> list(@Context SecurityContext security, @QueryParam("page") String page,
                               @QueryParam("size") String size, @QueryParam("limit") String limit,
                               @QueryParam("offset") String offset) {
        return delivery.sends(Caller.require(security), request(page, size, limit, offset));
    }

    @GET
    @Path("{id}")
    public SendView get(@Context SecurityContext security, @PathParam("id") String id) {
        return delivery.send(Caller.require(security), id);
    }

    @GET
    @Path("{id}/recipients")
    public Page<DeliveryView> recipients(@Context SecurityContext security, @PathParam("id") String id,
                                         @QueryParam("state") String state, @QueryParam("q") String query,
                                         @QueryParam("page") String page, @QueryParam("size") String size,
                                         @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        return delivery.deliveries(Caller.require(security), id, state, query, request(page, size, limit, offset));
    }

    @POST
    @RequiresScope(Scope.SEND)
    @Path("{id}/pause")
    public SendView pause(@Context SecurityContext security, @PathParam("id") String id) {
        return delivery.act(Caller.require(security), id, "pause");
    }

    @POST
    @RequiresScope(Scope.SEND)
    @Path("{id}/resume")
    public SendView resume(@Context SecurityContext security, @PathParam("id") String id) {
        return delivery.act(Caller.require(security), id, "resume");
    }

    @POST
    @RequiresScope(Scope.SEND)
    @Path("{id}/cancel")
    public SendView cancel(@Context SecurityContext security, @PathParam("id") String id) {
        return delivery.act(Caller.require(security), id, "cancel");
    }

    @POST
    @RequiresScope(Scope.SEND)
    @Path("{id}/resend-failed")
    public SendView resendFailed(@Context SecurityContext security, @PathParam("id") String id) {
        return delivery.act(Caller.require(security), id, "resend-failed");
    }

    @POST
    @RequiresScope(Scope.SEND)
    @Path("{id}/resend-uncertain")
    public SendView resendUncertain(@Context SecurityContext security, @PathParam("id") String id) {
        return delivery.act(Caller.require(security), id, "resend-uncertain");
    }

    /** {@code page}/{@code size}, or the {@code limit}/{@code offset} these lists were first published with. */
    private static PageRequest request(String page, String size, String limit, String offset) {
        return PageRequest.of(page, size, limit, offset, PageRequest.DEFAULT_SIZE, PageRequest.MAX_SIZE);
    }
}
