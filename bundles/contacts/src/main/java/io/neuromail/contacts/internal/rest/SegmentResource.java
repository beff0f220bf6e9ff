package io.neuromail.contacts.internal.rest;

import java.util.List;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import com.fasterxml.jackson.databind.JsonNode;

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
import io.neuromail.contacts.internal.Views;
import io.neuromail.contacts.internal.segments.SegmentStore;

/** Segments: saved filters with a live count. */
@Component(service = SegmentResource.class)
@JaxrsResource
@JaxrsName("neuromail.contacts.segments")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("segments")
public class SegmentResource {

    /** A segment as a client sends it. */
    public record SegmentBody(String name, JsonNode filter) {
    }

    /** Body of {@code POST /segments/count}. */
    public record FilterBody(JsonNode filter) {
    }

    @Reference
    private SegmentStore segments;

    @GET
    public List<Views.SegmentView> all(@Context SecurityContext security) {
        return segments.all(Caller.require(security).accountId());
    }

    @POST
    @RequiresScope(Scope.CONTACTS)
    public Response create(@Context SecurityContext security, SegmentBody body) {
        SegmentBody b = RequestBodies.required(body);
        return Response.status(201).entity(segments.save(actor(security), null, b.name(), b.filter())).build();
    }

    /** Counts the contacts a filter matches now, without saving it (the builder's live count). */
    @POST
    @RequiresScope(Scope.READ)
    @Path("count")
    public Views.CountView count(@Context SecurityContext security, FilterBody body) {
        return segments.count(Caller.require(security).accountId(), RequestBodies.required(body).filter());
    }

    @GET
    @Path("{id}")
    public Views.SegmentView get(@Context SecurityContext security, @PathParam("id") String id) {
        return segments.get(Caller.require(security).accountId(), id);
    }

    @GET
    @Path("{id}/count")
    public Views.CountView countSaved(@Context SecurityContext security, @PathParam("id") String id) {
        String accountId = Caller.require(security).accountId();
        Views.SegmentView segment = segments.get(accountId, id);
        return segments.count(accountId, (JsonNode) segment.filter());
    }

    @PUT
    @RequiresScope(Scope.CONTACTS)
    @Path("{id}")
    public Views.SegmentView update(@Context SecurityContext security, @PathParam("id") String id, SegmentBody body) {
        SegmentBody b = RequestBodies.required(body);
        return segments.save(actor(security), id, b.name(), b.filter());
    }

    @DELETE
    @RequiresScope(Scope.CONTACTS)
    @Path("{id}")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        segments.delete(actor(security), id);
        return Response.noContent().build();
    }

    private static Actor actor(SecurityContext security) {
        return Actor.of(Caller.require(security));
    }
}
