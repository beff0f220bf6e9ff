package io.neuromail.identity.internal.rest;

import java.util.List;

import javax.ws.rs.DefaultValue;
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

import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.security.Caller;
import io.neuromail.identity.internal.IdentityService;
import io.neuromail.identity.internal.Views.ActivityPage;

/** The account's activity log. */
@Component(service = ActivityResource.class)
@JaxrsResource
@JaxrsName("neuromail.identity.activity")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("activity")
public class ActivityResource {

    @Reference
    private IdentityService identity;

    @GET
    public ActivityPage list(@Context SecurityContext security, @QueryParam("type") String type,
                             @QueryParam("subject") String subject,
                             @QueryParam("page") @DefaultValue("0") String page,
                             @QueryParam("size") @DefaultValue("50") String size) {
        return identity.activity(Caller.require(security), type, subject, number("page", page), number("size", size));
    }

    @GET
    @Path("types")
    public List<String> types(@Context SecurityContext security) {
        return identity.activityTypes(Caller.require(security));
    }

    /** Query numbers are parsed here so a bad one gets a 422 naming it, not a bare 404. */
    private static int number(String field, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            ApiException.validation().reject(field, field + " must be a whole number").throwIfInvalid();
            throw new IllegalStateException("unreachable");
        }
    }
}
