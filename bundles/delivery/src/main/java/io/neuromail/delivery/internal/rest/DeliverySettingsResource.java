package io.neuromail.delivery.internal.rest;

import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
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
import io.neuromail.delivery.internal.Requests.SettingsUpdate;
import io.neuromail.delivery.internal.Requests.TestConnection;
import io.neuromail.delivery.internal.Requests.TestMessage;
import io.neuromail.delivery.internal.Views.SenderView;
import io.neuromail.delivery.internal.Views.SettingsView;
import io.neuromail.delivery.internal.Views.TestResult;

/** The account's sender choice, the registered senders, connection tests and test messages. */
@Component(service = DeliverySettingsResource.class)
@JaxrsResource
@JaxrsName("neuromail.delivery.settings")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("delivery")
public class DeliverySettingsResource {

    @Reference
    private DeliveryService delivery;

    @GET
    @Path("settings")
    public SettingsView settings(@Context SecurityContext security) {
        return delivery.settings(Caller.require(security));
    }

    @PUT
    @RequiresScope(Scope.ADMIN)
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public SettingsView update(@Context SecurityContext security, SettingsUpdate body) {
        return delivery.updateSettings(Caller.require(security), body);
    }

    @GET
    @Path("senders")
    public List<SenderView> senders(@Context SecurityContext security) {
        return delivery.senderViews(Caller.require(security));
    }

    @POST
    @RequiresScope(Scope.ADMIN)
    @Path("test-connection")
    @Consumes(MediaType.APPLICATION_JSON)
    public TestResult test(@Context SecurityContext security, TestConnection body) {
        return delivery.testConnection(Caller.require(security), body == null ? null : body.sender());
    }

    @POST
    @RequiresScope(Scope.SEND)
    @Path("test-message")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response testMessage(@Context SecurityContext security, TestMessage body) {
        return Response.status(202).entity(delivery.sendTestMessage(Caller.require(security), body)).build();
    }
}
