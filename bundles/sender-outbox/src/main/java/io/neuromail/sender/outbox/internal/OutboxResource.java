package io.neuromail.sender.outbox.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.ws.rs.GET;
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

import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.rest.Page;
import io.neuromail.api.rest.PageRequest;
import io.neuromail.api.security.Caller;

/** The account's outbox: list, open, view source. Only the caller's own folder is ever read. */
@Component(service = OutboxResource.class)
@JaxrsResource
@JaxrsName("neuromail.sender.outbox")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@javax.ws.rs.Path("outbox")
public class OutboxResource {

    @Reference
    private OutboxSender sender;

    /**
     * The kept messages, newest first, in the platform's paging shape; {@code limit}/{@code offset},
     * which this list was first published with, still work.
     */
    @GET
    public Page<MailView.Summary> list(@Context SecurityContext security, @QueryParam("page") String page,
                                       @QueryParam("size") String size, @QueryParam("limit") String limit,
                                       @QueryParam("offset") String offset) throws IOException {
        PageRequest request = PageRequest.of(page, size, limit, offset, PageRequest.DEFAULT_SIZE, PageRequest.MAX_SIZE);
        Outbox outbox = sender.outbox();
        List<java.nio.file.Path> files = outbox.list(Caller.require(security).accountId());
        List<MailView.Summary> items = new ArrayList<>();
        for (long i = request.offset(); i < files.size() && items.size() < request.size(); i++) {
            java.nio.file.Path file = files.get((int) i);
            items.add(MailView.summary(file.getFileName().toString(), outbox.read(file)));
        }
        return Page.of(items, files.size(), request);
    }

    @GET
    @javax.ws.rs.Path("{id}")
    public MailView.Opened open(@Context SecurityContext security, @PathParam("id") String id) throws IOException {
        java.nio.file.Path file = find(security, id);
        return MailView.open(id, sender.outbox().read(file));
    }

    @GET
    @javax.ws.rs.Path("{id}/source")
    // JSON too, so that a JSON client asking for a missing message gets its 404 problem, not a 406.
    @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    public Response source(@Context SecurityContext security, @PathParam("id") String id) throws IOException {
        java.nio.file.Path file = find(security, id);
        return Response.ok(new String(sender.outbox().read(file), StandardCharsets.UTF_8),
                MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build();
    }

    private java.nio.file.Path find(SecurityContext security, String id) {
        return sender.outbox().find(Caller.require(security).accountId(), id)
                .orElseThrow(() -> ApiException.notFound("message"));
    }
}
