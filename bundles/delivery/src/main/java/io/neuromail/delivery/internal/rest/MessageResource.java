package io.neuromail.delivery.internal.rest;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
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

import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.security.Caller;
import io.neuromail.api.security.RequiresScope;
import io.neuromail.api.security.Scope;
import io.neuromail.delivery.internal.DeliveryService;
import io.neuromail.delivery.internal.Requests.NewMessage;
import io.neuromail.delivery.internal.Views.DeliveryView;

/** Transactional messages: one message to one address, through the ledger. */
@Component(service = MessageResource.class)
@JaxrsResource
@JaxrsName("neuromail.delivery.messages")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("messages")
public class MessageResource {

    @Reference
    private DeliveryService delivery;

    @POST
    @RequiresScope(Scope.SEND)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response send(@Context SecurityContext security, NewMessage body) {
        DeliveryView queued = delivery.sendMessage(Caller.require(security), body);
        return Response.status(202).entity(queued).build();
    }

    @GET
    @Path("{id}")
    public DeliveryView get(@Context SecurityContext security, @PathParam("id") String id) {
        return delivery.message(Caller.require(security), id);
    }
}
