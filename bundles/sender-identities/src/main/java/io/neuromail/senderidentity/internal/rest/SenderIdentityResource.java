package io.neuromail.senderidentity.internal.rest;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
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
import io.neuromail.senderidentity.internal.IdentityService;
import io.neuromail.senderidentity.internal.Requests.NewIdentity;
import io.neuromail.senderidentity.internal.Views.IdentityList;
import io.neuromail.senderidentity.internal.Views.IdentityView;

/**
 * The account's sender identities: addresses and domains it may send from. They decide what the
 * account may send as, so every change needs a session or an {@code admin} API key (undeclared changes
 * do); reading needs {@code read}.
 */
@Component(service = SenderIdentityResource.class)
@JaxrsResource
@JaxrsName("neuromail.sender-identities")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("sender-identities")
public class SenderIdentityResource {

    @Reference
    private IdentityService identities;

    @GET
    public IdentityList list(@Context SecurityContext security) {
        return identities.list(Caller.require(security));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context SecurityContext security, NewIdentity body) {
        return Response.status(201).entity(identities.create(Caller.require(security), body)).build();
    }

    @GET
    @Path("{id}")
    public IdentityView get(@Context SecurityContext security, @PathParam("id") String id) {
        return identities.get(Caller.require(security), id);
    }

    @POST
    @Path("{id}/check")
    public IdentityView check(@Context SecurityContext security, @PathParam("id") String id) {
        return identities.check(Caller.require(security), id);
    }

    @POST
    @Path("{id}/resend")
    public IdentityView resend(@Context SecurityContext security, @PathParam("id") String id) {
        return identities.resend(Caller.require(security), id);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        identities.delete(Caller.require(security), id);
        return Response.noContent().build();
    }
}
