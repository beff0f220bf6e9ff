package io.neuromail.contacts.internal.rest;

import java.util.List;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
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

import io.neuromail.api.rest.RequestBodies;
import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.security.Caller;
import io.neuromail.api.security.RequiresScope;
import io.neuromail.api.security.Scope;
import io.neuromail.contacts.internal.Actor;
import io.neuromail.contacts.internal.ListStore;
import io.neuromail.contacts.internal.Views;

/** Lists and their members. */
@Component(service = ListResource.class)
@JaxrsResource
@JaxrsName("neuromail.contacts.lists")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("lists")
public class ListResource {

    /** Body of {@code POST /lists} and {@code PATCH /lists/{id}}. */
    public record ListBody(String name) {
    }

    /** Body of the member actions. */
    public record MembersBody(List<String> contactIds) {
    }

    @Reference
    private ListStore lists;

    @GET
    public List<Views.ListView> all(@Context SecurityContext security) {
        return lists.all(Caller.require(security).accountId());
    }

    @POST
    @RequiresScope(Scope.CONTACTS)
    public Response create(@Context SecurityContext security, ListBody body) {
        return Response.status(201).entity(lists.create(actor(security), RequestBodies.required(body).name())).build();
    }

    @GET
    @Path("{id}")
    public Views.ListView get(@Context SecurityContext security, @PathParam("id") String id) {
        return lists.get(Caller.require(security).accountId(), id);
    }

    @PATCH
    @RequiresScope(Scope.CONTACTS)
    @Path("{id}")
    public Views.ListView rename(@Context SecurityContext security, @PathParam("id") String id, ListBody body) {
        return lists.rename(actor(security), id, RequestBodies.required(body).name());
    }

    @DELETE
    @RequiresScope(Scope.CONTACTS)
    @Path("{id}")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        lists.delete(actor(security), id);
        return Response.noContent().build();
    }

    @POST
    @RequiresScope(Scope.CONTACTS)
    @Path("{id}/members")
    public Views.BulkResult add(@Context SecurityContext security, @PathParam("id") String id, MembersBody body) {
        return lists.addMembers(actor(security), id, RequestBodies.required(body).contactIds());
    }

    @POST
    @RequiresScope(Scope.CONTACTS)
    @Path("{id}/members/remove")
    public Views.BulkResult remove(@Context SecurityContext security, @PathParam("id") String id, MembersBody body) {
        return lists.removeMembers(actor(security), id, RequestBodies.required(body).contactIds());
    }

    @DELETE
    @RequiresScope(Scope.CONTACTS)
    @Path("{id}/members/{contactId}")
    public Response removeOne(@Context SecurityContext security, @PathParam("id") String id,
                              @PathParam("contactId") String contactId) {
        Views.BulkResult result = lists.removeMembers(actor(security), id, List.of(contactId));
        if (result.failed() > 0) {
            throw io.neuromail.api.rest.ApiException.notFound("contact");
        }
        return Response.noContent().build();
    }

    private static Actor actor(SecurityContext security) {
        return Actor.of(Caller.require(security));
    }
}
