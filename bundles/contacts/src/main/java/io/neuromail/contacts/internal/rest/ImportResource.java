package io.neuromail.contacts.internal.rest;

import java.io.InputStream;
import java.util.List;

import javax.ws.rs.Consumes;
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
import javax.ws.rs.core.StreamingOutput;

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
import io.neuromail.contacts.internal.Actor;
import io.neuromail.contacts.internal.Views;
import io.neuromail.contacts.internal.imports.ImportScheduler;
import io.neuromail.contacts.internal.imports.ImportUploads;
import io.neuromail.contacts.internal.imports.ImportView;
import io.neuromail.contacts.internal.imports.ImportViews;

/**
 * CSV imports. Upload the file as the request body ({@code text/csv}); the answer previews it and
 * proposes a column mapping; then start it (with the mapping, mode, list and tags) and follow its
 * progress. {@code ?start=true} on the upload starts it at once with the proposed mapping.
 */
@Component(service = ImportResource.class)
@JaxrsResource
@JaxrsName("neuromail.contacts.imports")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("contacts/imports")
public class ImportResource {

    @Reference
    private ImportUploads uploads;

    @Reference
    private ImportScheduler scheduler;

    @Reference
    private ImportViews views;

    /** The file has its own limit ({@code maxUploadMegabytes}), checked against its declared length first. */
    @POST
    @LargeBody
    @RequiresScope(Scope.CONTACTS)
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    public Response upload(@Context SecurityContext security, @QueryParam("fileName") String fileName,
                           @QueryParam("start") boolean start, @QueryParam("mode") String mode,
                           @QueryParam("listId") String listId, @QueryParam("tags") String tags,
                           @HeaderParam(HttpHeaders.CONTENT_LENGTH) String length, InputStream body) {
        Actor actor = Actor.of(Caller.require(security));
        uploads.checkDeclaredLength(length);
        ImportView view = uploads.upload(actor, fileName, body);
        if (start) {
            view = scheduler.start(actor, view.id(), new ImportScheduler.StartRequest(null, mode, null, listId, Params.csv(tags)));
        }
        return Response.status(201).entity(view).build();
    }

    @GET
    public List<ImportView> all(@Context SecurityContext security) {
        return views.list(Caller.require(security).accountId());
    }

    @GET
    @Path("{id}")
    public ImportView get(@Context SecurityContext security, @PathParam("id") String id) {
        return views.get(Caller.require(security).accountId(), id);
    }

    @POST
    @RequiresScope(Scope.CONTACTS)
    @Path("{id}/start")
    @Consumes(MediaType.APPLICATION_JSON)
    public ImportView start(@Context SecurityContext security, @PathParam("id") String id,
                            ImportScheduler.StartRequest body) {
        return scheduler.start(Actor.of(Caller.require(security)), id, body);
    }

    @POST
    @RequiresScope(Scope.CONTACTS)
    @Path("{id}/cancel")
    public ImportView cancel(@Context SecurityContext security, @PathParam("id") String id) {
        Caller caller = Caller.require(security);
        scheduler.cancel(Actor.of(caller), id);
        return views.get(caller.accountId(), id);
    }

    @GET
    @Path("{id}/rejections")
    public Page<ImportViews.Rejection> rejections(@Context SecurityContext security, @PathParam("id") String id,
                                                          @QueryParam("page") String page, @QueryParam("size") String size) {
        PageRequest request = PageRequest.of(page, size);
        return views.rejections(Caller.require(security).accountId(), id, request.page(), request.size());
    }

    @GET
    @Path("{id}/rejections.csv")
    @Produces("text/csv")
    public Response rejectionsCsv(@Context SecurityContext security, @PathParam("id") String id) {
        String accountId = Caller.require(security).accountId();
        views.get(accountId, id);
        StreamingOutput body = out -> views.writeRejections(accountId, id, out);
        return Response.ok(body, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"import-" + id + "-rejected.csv\"").build();
    }
}
