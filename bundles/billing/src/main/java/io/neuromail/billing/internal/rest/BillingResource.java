package io.neuromail.billing.internal.rest;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
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

import io.neuromail.api.rest.RequestBodies;
import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.security.Caller;
import io.neuromail.api.security.RequiresScope;
import io.neuromail.api.security.Scope;
import io.neuromail.billing.internal.BillingService;

/** The account's plan, subscription and usage (owners and admins), and choosing a plan (owners). */
@Component(service = BillingResource.class)
@JaxrsResource
@JaxrsName("neuromail.billing")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("billing")
@RequiresScope(Scope.ADMIN)
public class BillingResource {

    /** Body of {@code POST /billing/checkout}. */
    public record ChoosePlan(String plan) {
    }

    @Reference
    private BillingService billing;

    @GET
    public BillingService.BillingView billing(@Context SecurityContext security) {
        return billing.view(Caller.require(security));
    }

    @POST
    @Path("checkout")
    public BillingService.Checkout checkout(@Context SecurityContext security, ChoosePlan body) {
        return billing.checkout(Caller.require(security), RequestBodies.required(body).plan());
    }
}
