package io.neuromail.campaigns.internal.rest;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
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
import io.neuromail.campaigns.internal.CampaignService;
import io.neuromail.campaigns.internal.Views;

/** {@code /api/v1/analytics/campaigns}: the account's latest campaigns side by side. */
@Component(service = CampaignAnalyticsResource.class)
@JaxrsResource
@JaxrsName("neuromail.campaigns.analytics")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("analytics/campaigns")
public class CampaignAnalyticsResource {

    /** The compared campaigns, newest start first. */
    public record Comparison(List<Views.ComparedCampaign> items) {
    }

    @Reference
    private CampaignService campaigns;

    @GET
    public Comparison compare(@Context SecurityContext security, @QueryParam("size") String size) {
        return new Comparison(campaigns.compare(Caller.require(security), size));
    }
}
