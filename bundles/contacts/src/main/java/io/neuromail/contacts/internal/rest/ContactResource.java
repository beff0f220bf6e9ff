package io.neuromail.contacts.internal.rest;

import java.util.List;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.StreamingOutput;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.neuromail.api.persistence.SqlCondition;
import io.neuromail.api.rest.RequestBodies;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.rest.Page;
import io.neuromail.api.rest.PageRequest;
import io.neuromail.api.security.Caller;
import io.neuromail.api.security.RequiresScope;
import io.neuromail.api.security.Scope;
import io.neuromail.contacts.api.ContactStatus;
import io.neuromail.contacts.internal.Actor;
import io.neuromail.contacts.internal.ContactInput;
import io.neuromail.contacts.internal.ContactStore;
import io.neuromail.contacts.internal.ExportService;
import io.neuromail.contacts.internal.ListStore;
import io.neuromail.contacts.internal.Views;
import io.neuromail.contacts.internal.segments.SegmentStore;

/** Contacts: table, detail, create, change, delete, erase, data-subject export, bulk actions, CSV export. */
@Component(service = ContactResource.class)
@JaxrsResource
@JaxrsName("neuromail.contacts.contacts")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("contacts")
public class ContactResource {

    /** A contact as a client sends it. */
    public record ContactBody(String email, String firstName, String lastName, String status, String consentSource,
                              List<String> tags, Map<String, Object> attributes) {
        ContactInput input() {
            return new ContactInput(email, firstName, lastName, status, consentSource, tags, attributes);
        }
    }

    /** Body of {@code POST /contacts/bulk}. */
    public record BulkBody(String action, List<String> contactIds, String listId, String tag) {
    }

    @Reference
    private ContactStore contacts;
    @Reference
    private ListStore lists;
    @Reference
    private SegmentStore segments;
    @Reference
    private ExportService export;

    @GET
    public Page<Views.ContactView> list(@Context SecurityContext security, @QueryParam("q") String search,
                                              @QueryParam("status") String status, @QueryParam("listId") String listId,
                                              @QueryParam("tag") String tag, @QueryParam("segmentId") String segmentId,
                                              @QueryParam("sort") String sort, @QueryParam("order") String order,
                                              @QueryParam("page") String page, @QueryParam("size") String size) {
        String accountId = Caller.require(security).accountId();
        PageRequest request = PageRequest.of(page, size);
        if (sort != null && !ContactStore.SORTS.containsKey(sort)) {
            throw ApiException.invalid("sort", "sort by one of " + String.join(", ", ContactStore.SORTS.keySet().stream().sorted().toList()));
        }
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw ApiException.invalid("order", "order is asc or desc");
        }
        if (listId != null && !lists.exists(accountId, listId)) {
            throw ApiException.invalid("listId", "no list with id '" + listId + "'");
        }
        SqlCondition segment = segmentId == null ? null : segments.condition(accountId, segmentId);
        return contacts.page(accountId, new ContactStore.Query(search, status(status), listId, tag, segment,
                sort == null ? "created_at" : sort, order == null ? sort == null : order.equals("desc"),
                request.page(), request.size()));
    }

    @POST
    @RequiresScope(Scope.CONTACTS)
    public Response create(@Context SecurityContext security, ContactBody body) {
        return Response.status(201).entity(contacts.create(actor(security), RequestBodies.required(body).input())).build();
    }

    @GET
    @Path("attributes")
    public List<Views.AttributeView> attributes(@Context SecurityContext security) {
        return contacts.attributes(Caller.require(security).accountId());
    }

    @GET
    @Path("tags")
    public List<String> tags(@Context SecurityContext security) {
        return contacts.tags(Caller.require(security).accountId());
    }

    @GET
    @Path("export")
    @Produces("text/csv")
    public Response exportCsv(@Context SecurityContext security, @QueryParam("listId") String listId,
                              @QueryParam("segmentId") String segmentId) {
        Actor actor = actor(security);
        if (listId != null && !lists.exists(actor.accountId(), listId)) {
            throw ApiException.invalid("listId", "no list with id '" + listId + "'");
        }
        SqlCondition segment = segmentId == null ? null : segments.condition(actor.accountId(), segmentId);
        StreamingOutput body = out -> export.write(actor, listId, segment, out);
        return Response.ok(body, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"contacts.csv\"").build();
    }

    @POST
    @RequiresScope(Scope.CONTACTS)
    @Path("bulk")
    public Views.BulkResult bulk(@Context SecurityContext security, BulkBody body) {
        Actor actor = actor(security);
        BulkBody b = RequestBodies.required(body);
        String action = b.action() == null ? "" : b.action();
        return switch (action) {
            case "add_to_list" -> lists.addMembers(actor, requireList(b), b.contactIds());
            case "remove_from_list" -> lists.removeMembers(actor, requireList(b), b.contactIds());
            case "tag" -> contacts.tag(actor, b.contactIds(), b.tag(), true);
            case "untag" -> contacts.tag(actor, b.contactIds(), b.tag(), false);
            case "delete" -> contacts.deleteAll(actor, b.contactIds());
            default -> throw ApiException.invalid("action", "action is one of add_to_list, remove_from_list, tag, untag, delete");
        };
    }

    private static String requireList(BulkBody b) {
        if (b.listId() == null || b.listId().isBlank()) {
            throw ApiException.invalid("listId", "a list id is required for this action");
        }
        return b.listId();
    }

    @GET
    @Path("{id}")
    public Views.ContactDetail get(@Context SecurityContext security, @PathParam("id") String id) {
        return contacts.get(Caller.require(security).accountId(), id);
    }

    @PATCH
    @RequiresScope(Scope.CONTACTS)
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.ContactView update(@Context SecurityContext security, @PathParam("id") String id, ContactBody body) {
        return contacts.update(actor(security), id, RequestBodies.required(body).input());
    }

    @DELETE
    @RequiresScope(Scope.CONTACTS)
    @Path("{id}")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        contacts.delete(actor(security), id);
        return Response.noContent().build();
    }

    /** Erases the contact for a data-subject request; only a hash of the address stays, as a suppression. */
    @POST
    @RequiresScope(Scope.CONTACTS)
    @Path("{id}/erase")
    public Response erase(@Context SecurityContext security, @PathParam("id") String id) {
        contacts.erase(actor(security), id);
        return Response.noContent().build();
    }

    /** Everything stored about the contact, for a data-subject access request. */
    @GET
    @Path("{id}/export")
    public Response subjectExport(@Context SecurityContext security, @PathParam("id") String id) {
        return Response.ok(contacts.subjectExport(actor(security), id))
                .header("Content-Disposition", "attachment; filename=\"contact-" + id.replaceAll("[^a-zA-Z0-9-]", "") + ".json\"")
                .build();
    }

    private static Actor actor(SecurityContext security) {
        return Actor.of(Caller.require(security));
    }

    private static String status(String status) {
        if (status == null) {
            return null;
        }
        try {
            return ContactStatus.fromWire(status).wireName();
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("status", e.getMessage());
        }
    }
}
