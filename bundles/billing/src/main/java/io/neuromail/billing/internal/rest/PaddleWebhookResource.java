package io.neuromail.billing.internal.rest;

import javax.ws.rs.Consumes;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.security.PublicEndpoint;
import io.neuromail.billing.internal.BillingService;

/**
 * {@code POST /webhooks/paddle}: Paddle Billing notifications. Unauthenticated, but nothing changes
 * unless the {@code Paddle-Signature} over the raw body checks out with one of the operator's secrets
 * (see {@link BillingService#receive}). The body is bounded by the REST platform's request limit.
 */
@Component(service = PaddleWebhookResource.class)
@JaxrsResource
@JaxrsName("neuromail.billing.webhook")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("webhooks/paddle")
public class PaddleWebhookResource {

    @Reference
    private BillingService billing;

    @POST
    @PublicEndpoint
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    public BillingService.Receipt receive(@HeaderParam("Paddle-Signature") String signature, byte[] body) {
        return billing.receive(signature, body == null ? new byte[0] : body);
    }
}
