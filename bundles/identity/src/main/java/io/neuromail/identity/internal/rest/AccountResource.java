package io.neuromail.identity.internal.rest;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
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

import io.neuromail.api.rest.RequestBodies;
import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.security.Caller;
import io.neuromail.api.security.RequiresScope;
import io.neuromail.api.security.Scope;
import io.neuromail.identity.internal.IdentityService;
import io.neuromail.identity.internal.MemberService;

/** The signed-in user's account settings. */
@Component(service = AccountResource.class)
@JaxrsResource
@JaxrsName("neuromail.identity.account")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("account")
@RequiresScope(Scope.ADMIN)
public class AccountResource {

    /** Body of {@code PUT /account/security}. */
    public record SecuritySettings(Boolean requireTwoFactor) {
    }

    /** Body of {@code PUT /account/password}. */
    public record PasswordChange(String currentPassword, String newPassword) {
    }

    @Reference
    private IdentityService identity;

    @Reference
    private MemberService members;

    @Context
    private HttpServletRequest servletRequest;

    /** Mails the signed-in owner a new link to confirm the account's address. */
    @POST
    @Path("verification")
    public Response resendVerification(@Context SecurityContext security) {
        RequestContext.requireSession(servletRequest);
        identity.resendVerification(Caller.require(security));
        return Response.status(202).build();
    }

    @PUT
    @Path("password")
    @SelfService
    public Response changePassword(PasswordChange body) {
        PasswordChange in = RequestBodies.required(body);
        identity.changePassword(RequestContext.requireSession(servletRequest), in.currentPassword(),
                in.newPassword(), RequestContext.client(servletRequest));
        return Response.noContent().build();
    }

    /** Owners only: whether every member must use two-factor authentication in this account. */
    @PUT
    @Path("security")
    public SecuritySettings security(@Context SecurityContext security, SecuritySettings body) {
        Caller caller = Caller.require(security);
        boolean required = members.requireTwoFactor(caller, MemberService.roleOf(caller, RequestContext.session(servletRequest)),
                RequestBodies.required(body).requireTwoFactor(), RequestContext.client(servletRequest));
        return new SecuritySettings(required);
    }
}
