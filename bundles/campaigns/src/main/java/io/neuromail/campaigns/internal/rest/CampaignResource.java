package io.neuromail.campaigns.internal.rest;

import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
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

import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.rest.Page;
import io.neuromail.api.rest.PageRequest;
import io.neuromail.api.security.Caller;
import io.neuromail.api.security.RequiresScope;
import io.neuromail.api.security.Scope;
import io.neuromail.campaigns.internal.Audience;
import io.neuromail.campaigns.internal.CampaignService;
import io.neuromail.campaigns.internal.Requests;
import io.neuromail.campaigns.internal.Views;
import io.neuromail.filter.api.Verdict;

/** {@code /api/v1/campaigns}: writing, checking, testing, scheduling and sending campaigns. */
@Component(service = CampaignResource.class)
@JaxrsResource
@JaxrsName("neuromail.campaigns")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("campaigns")
public class CampaignResource {

    /** The preview frame's policy: the e-mail's own styles and images, nothing that runs. */
    static final String PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; "
            + "font-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";

    @Reference
    private CampaignService campaigns;

    @GET
    public Page<Views.CampaignSummary> list(@Context SecurityContext security, @QueryParam("q") String q,
                                            @QueryParam("status") String status, @QueryParam("tag") String tag,
                                            @QueryParam("sort") String sort, @QueryParam("page") String page,
                                            @QueryParam("size") String size) {
        return campaigns.list(caller(security), q, status, tag, sort, PageRequest.of(page, size));
    }

    @POST
    @RequiresScope(Scope.SEND)
    public Response create(@Context SecurityContext security, Requests.NewCampaign body) {
        return Response.status(201).entity(campaigns.create(caller(security),
                body == null ? new Requests.NewCampaign(null, null) : body)).build();
    }

    @GET
    @Path("tags")
    public List<String> tags(@Context SecurityContext security) {
        return campaigns.tags(caller(security));
    }

    @GET
    @Path("merge-tags")
    public List<Views.MergeTag> mergeTags(@Context SecurityContext security) {
        return campaigns.mergeTags(caller(security));
    }

    @POST
    @Path("audience/count")
    @RequiresScope(Scope.READ)
    public Views.AudienceCount count(@Context SecurityContext security, Audience audience) {
        return new Views.AudienceCount(campaigns.count(caller(security), audience));
    }

    @GET
    @Path("settings")
    public Views.SettingsView settings(@Context SecurityContext security) {
        return campaigns.settings(caller(security));
    }

    @PUT
    @Path("settings")
    @RequiresScope(Scope.ADMIN)
    public Views.SettingsView updateSettings(@Context SecurityContext security, Requests.SettingsBody body) {
        return campaigns.updateSettings(caller(security), body);
    }

    @GET
    @Path("templates")
    public List<Views.TemplateView> templates(@Context SecurityContext security) {
        return campaigns.templates(caller(security));
    }

    @POST
    @Path("templates")
    @RequiresScope(Scope.SEND)
    public Response saveTemplate(@Context SecurityContext security, Requests.TemplateBody body) {
        return Response.status(201).entity(campaigns.saveTemplate(caller(security), body)).build();
    }

    @DELETE
    @Path("templates/{id}")
    @RequiresScope(Scope.SEND)
    public Response deleteTemplate(@Context SecurityContext security, @PathParam("id") String id) {
        campaigns.deleteTemplate(caller(security), id);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}")
    public Views.CampaignView get(@Context SecurityContext security, @PathParam("id") String id) {
        return campaigns.get(caller(security), id);
    }

    @GET
    @Path("contact-history")
    public History contactHistory(@Context SecurityContext security, @QueryParam("contactId") String contactId) {
        return new History(campaigns.contactHistory(caller(security), contactId));
    }

    /** The campaigns a contact was sent, newest first. */
    public record History(List<Views.ContactCampaign> items) {
    }

    @GET
    @Path("{id}/report.csv")
    @Produces("text/csv")
    public Response reportCsv(@Context SecurityContext security, @PathParam("id") String id) {
        return csv(campaigns.reportCsv(caller(security), id), "report-" + id + ".csv");
    }

    @GET
    @Path("{id}/recipients.csv")
    @Produces("text/csv")
    public Response recipientsCsv(@Context SecurityContext security, @PathParam("id") String id,
                                  @QueryParam("activity") String activity) {
        return csv(campaigns.recipientsCsv(caller(security), id, activity), activity + "-" + id + ".csv");
    }

    /** A CSV file to download, written as it is sent. */
    private static Response csv(CampaignService.CsvExport export, String fileName) {
        StreamingOutput body = out -> export.write(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        return Response.ok(body, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + fileName.replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
                .build();
    }

    @GET
    @Path("{id}/report")
    public Views.ReportView report(@Context SecurityContext security, @PathParam("id") String id) {
        return campaigns.report(caller(security), id);
    }

    @GET
    @Path("{id}/report/domains")
    public Views.DomainsReport reportDomains(@Context SecurityContext security, @PathParam("id") String id) {
        return campaigns.domains(caller(security), id);
    }

    @PUT
    @Path("{id}")
    @RequiresScope(Scope.SEND)
    public Views.CampaignView update(@Context SecurityContext security, @PathParam("id") String id,
                                     Requests.CampaignBody body) {
        return campaigns.update(caller(security), id, body);
    }

    @DELETE
    @Path("{id}")
    @RequiresScope(Scope.SEND)
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        campaigns.delete(caller(security), id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/duplicate")
    @RequiresScope(Scope.SEND)
    public Response duplicate(@Context SecurityContext security, @PathParam("id") String id) {
        return Response.status(201).entity(campaigns.duplicate(caller(security), id)).build();
    }

    @POST
    @Path("{id}/preview")
    @RequiresScope(Scope.READ)
    public Views.PreviewView preview(@Context SecurityContext security, @PathParam("id") String id,
                                     Requests.PreviewBody body) {
        return campaigns.preview(caller(security), id, body == null ? null : body.contactId());
    }

    /** The rendered HTML itself, for the editor's preview frame, under a policy of its own. */
    @GET
    @Path("{id}/preview.html")
    @Produces(MediaType.TEXT_HTML)
    public Response previewHtml(@Context SecurityContext security, @PathParam("id") String id,
                                @QueryParam("contact") String contactId) {
        Views.PreviewView p = campaigns.preview(caller(security), id, contactId);
        String html = p.html() != null ? p.html() : p.problems().isEmpty()
                ? "<!DOCTYPE html><html><body><pre>" + org.jsoup.nodes.Entities.escape(p.text() == null ? "" : p.text())
                + "</pre></body></html>"
                : "<!DOCTYPE html><html><body><p>The preview appears once the merge tags are fixed: "
                + org.jsoup.nodes.Entities.escape(p.problems().get(0).message()) + "</p></body></html>";
        return Response.ok(html, "text/html; charset=utf-8").header("Content-Security-Policy", PREVIEW_CSP)
                .header("X-Frame-Options", "SAMEORIGIN").build();
    }

    @POST
    @Path("{id}/check")
    @RequiresScope(Scope.READ)
    public Verdict check(@Context SecurityContext security, @PathParam("id") String id) {
        return campaigns.check(caller(security), id);
    }

    @POST
    @Path("{id}/test")
    @RequiresScope(Scope.SEND)
    public Response test(@Context SecurityContext security, @PathParam("id") String id, Requests.TestBody body) {
        return Response.status(202).entity(campaigns.test(caller(security), id, body)).build();
    }

    @POST
    @Path("{id}/schedule")
    @RequiresScope(Scope.SEND)
    public Views.CampaignView schedule(@Context SecurityContext security, @PathParam("id") String id,
                                       Requests.ScheduleBody body) {
        return campaigns.schedule(caller(security), id, body);
    }

    @GET
    @Path("{id}/ab-test")
    public Views.AbTestView abTest(@Context SecurityContext security, @PathParam("id") String id) {
        return campaigns.abTest(caller(security), id);
    }

    @PUT
    @Path("{id}/ab-test")
    @RequiresScope(Scope.SEND)
    public Views.AbTestView saveAbTest(@Context SecurityContext security, @PathParam("id") String id,
                                       Requests.AbTestBody body) {
        return campaigns.saveAbTest(caller(security), id, body);
    }

    @DELETE
    @Path("{id}/ab-test")
    @RequiresScope(Scope.SEND)
    public Response deleteAbTest(@Context SecurityContext security, @PathParam("id") String id) {
        campaigns.deleteAbTest(caller(security), id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/ab-test/winner")
    @RequiresScope(Scope.SEND)
    public Views.CampaignView chooseWinner(@Context SecurityContext security, @PathParam("id") String id,
                                           Requests.WinnerBody body) {
        return campaigns.chooseWinner(caller(security), id, body);
    }

    @POST
    @Path("{id}/send")
    @RequiresScope(Scope.SEND)
    public Views.CampaignView send(@Context SecurityContext security, @PathParam("id") String id,
                                   Requests.ActionBody body) {
        return campaigns.sendNow(caller(security), id, body);
    }

    @POST
    @Path("{id}/unschedule")
    @RequiresScope(Scope.SEND)
    public Views.CampaignView unschedule(@Context SecurityContext security, @PathParam("id") String id, Requests.ActionBody body) {
        return campaigns.act(caller(security), id, "unschedule", body);
    }

    @POST
    @Path("{id}/pause")
    @RequiresScope(Scope.SEND)
    public Views.CampaignView pause(@Context SecurityContext security, @PathParam("id") String id, Requests.ActionBody body) {
        return campaigns.act(caller(security), id, "pause", body);
    }

    @POST
    @Path("{id}/resume")
    @RequiresScope(Scope.SEND)
    public Views.CampaignView resume(@Context SecurityContext security, @PathParam("id") String id, Requests.ActionBody body) {
        return campaigns.act(caller(security), id, "resume", body);
    }

    @POST
    @Path("{id}/cancel")
    @RequiresScope(Scope.SEND)
    public Views.CampaignView cancel(@Context SecurityContext security, @PathParam("id") String id, Requests.ActionBody body) {
        return campaigns.act(caller(security), id, "cancel", body);
    }

    @POST
    @Path("{id}/resend-failed")
    @RequiresScope(Scope.SEND)
    public Views.CampaignView resendFailed(@Context SecurityContext security, @PathParam("id") String id, Requests.ActionBody body) {
        return campaigns.act(caller(security), id, "resend-failed", body);
    }

    @POST
    @Path("{id}/resend-uncertain")
    @RequiresScope(Scope.SEND)
    public Views.CampaignView resendUncertain(@Context SecurityContext security, @PathParam("id") String id, Requests.ActionBody body) {
        return campaigns.act(caller(security), id, "resend-uncertain", body);
    }

    private static Caller caller(SecurityContext security) {
        return Caller.require(security);
    }
}
