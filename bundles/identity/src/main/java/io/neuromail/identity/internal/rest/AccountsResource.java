package io.neuromail.identity.internal.rest;

import java.util.List;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.neuromail.api.rest.RequestBodies;
import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.identity.internal.MemberService;
import io.neuromail.identity.internal.MemberService.Membership;
import io.neuromail.identity.internal.Views.SessionView;

/** The accounts the signed-in user belongs to, and switching the session between them. */
@Component(service = AccountsResource.class)
@JaxrsResource
@JaxrsName("neuromail.identity.accounts")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("auth/accounts")
@SelfService
public class AccountsResource {

    /** Body of {@code POST /auth/accounts/switch}. */
    public record Switch(String accountId) {
    }

    @Reference
    private MemberService members;

    @Context
    private HttpServletRequest servletRequest;

    @GET
    public List<Membership> accounts() {
        return members.accounts(RequestContext.requireSession(servletRequest));
    }

    @POST
    @Path("switch")
    public SessionView switchAccount(Switch body) {
        return members.switchAccount(RequestContext.requireSession(servletRequest), RequestBodies.required(body).accountId(),
                RequestContext.client(servletRequest));
    }
}
