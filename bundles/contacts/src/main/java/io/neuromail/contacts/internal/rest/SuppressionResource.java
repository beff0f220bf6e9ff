package io.neuromail.contacts.internal.rest;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
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
import io.neuromail.api.rest.RequestBodies;
import io.neuromail.api.security.Caller;
import io.neuromail.api.security.RequiresScope;
import io.neuromail.api.security.Scope;
import io.neuromail.contacts.internal.Actor;
import io.neuromail.contacts.internal.SuppressionStore;
import io.neuromail.contacts.internal.Views;

/** The account's suppression list. */
@Component(service = SuppressionResource.class)
@JaxrsResource
@JaxrsName("neuromail.contacts.suppressions")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("suppressions")
public class SuppressionResource {

    /** Body of {@code POST /suppressions}. */
    public record SuppressionBody(String email) {
    }

    @Reference
    private SuppressionStore suppressions;

    @GET
    public Page<Views.SuppressionView> page(@Context SecurityContext security, @QueryParam("q") String search,
                                                  @QueryParam("page") String page, @QueryParam("size") String size) {
        PageRequest request = PageRequest.of(page, size);
        return suppressions.page(Caller.require(security).accountId(), search, request.page(), request.size());
    }

    @POST
    @RequiresScope(Scope.CONTACTS)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(@Context SecurityContext security, SuppressionBody body) {
        return Response.status(201).entity(suppressions.add(actor(security), RequestBodies.required(body).email())).build();
    }

    /** Adds the addresses of a text or CSV file (one per line, or the first column), of at most {@value SuppressionStore#MAX_IMPORT_BYTES} bytes. */
    @POST
    @RequiresScope(Scope.CONTACTS)
    @Path("import")
    @LargeBody
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    public Views.BulkResult importFile(@Context SecurityContext security,
                                       @HeaderParam(HttpHeaders.CONTENT_LENGTH) String length, InputStream body) {
        RequestBodies.checkLength(length, SuppressionStore.MAX_IMPORT_BYTES);
        return suppressions.importAddresses(actor(security), new InputStreamReader(
                RequestBodies.bounded(body, SuppressionStore.MAX_IMPORT_BYTES), StandardCharsets.UTF_8));
    }

    @DELETE
    @RequiresScope(Scope.CONTACTS)
    @Path("{id}")
    public Response remove(@Context SecurityContext security, @PathParam("id") String id) {
        suppressions.remove(actor(security), id);
        return Response.noContent().build();
    }

    private static Actor actor(SecurityContext security) {
        return Actor.of(Caller.require(security));
    }
}
