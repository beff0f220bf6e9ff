package io.neuromail.identity.internal.rest;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.neuromail.api.rest.RequestBodies;
import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.identity.internal.IdentityService;
import io.neuromail.identity.internal.TwoFactorService;
import io.neuromail.identity.internal.Views.AuthenticatedSession;

/**
 * The signed-in user's two-factor authentication: status, set-up (secret, QR code, confirmation),
 * recovery codes, turning it off. Browser sessions only: an API key belongs to no person.
 */
@Component(service = TwoFactorResource.class)
@JaxrsResource
@JaxrsName("neuromail.identity.twofactor")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("auth/2fa")
@SelfService
public class TwoFactorResource {

    /** Body of {@code POST /auth/2fa/enrolment/confirm} and {@code POST /auth/2fa/recovery-codes}. */
    public record CodeRequest(String code) {
    }

    /** Body of {@code POST /auth/2fa/disable}. */
    public record DisableRequest(String password, String code) {
    }

    @Reference
    private TwoFactorService twoFactor;

    @Reference
    private IdentityService identity;

    @Context
    private HttpServletRequest servletRequest;

    @GET
    public TwoFactorService.Status status() {
        return twoFactor.status(RequestContext.requireSession(servletRequest).caller());
    }

    @POST
    @Path("enrolment")
    public Response startEnrolment() {
        AuthenticatedSession session = RequestContext.requireSession(servletRequest);
        return Response.status(201).type(MediaType.APPLICATION_JSON)
                .entity(twoFactor.startEnrolment(session.caller(), RequestContext.client(servletRequest))).build();
    }

    /** The set-up's QR code as an image, for an {@code <img>} of the page (the same as in the JSON answer). */
    @GET
    @Path("enrolment/qr.svg")
    @Produces("image/svg+xml")
    public Response enrolmentQr() {
        AuthenticatedSession session = RequestContext.requireSession(servletRequest);
        return Response.ok(twoFactor.enrolmentQr(session.caller()), "image/svg+xml; charset=utf-8").build();
    }

    @POST
    @Path("enrolment/confirm")
    public TwoFactorService.RecoveryCodeList confirm(CodeRequest body) {
        AuthenticatedSession session = RequestContext.requireSession(servletRequest);
        return twoFactor.confirm(session, RequestBodies.required(body).code(), RequestContext.client(servletRequest));
    }

    @POST
    @Path("recovery-codes")
    public TwoFactorService.RecoveryCodeList regenerate(CodeRequest body) {
        AuthenticatedSession session = RequestContext.requireSession(servletRequest);
        return twoFactor.regenerate(session.caller(), RequestBodies.required(body).code(), RequestContext.client(servletRequest));
    }

    @POST
    @Path("disable")
    public Response disable(DisableRequest body) {
        AuthenticatedSession session = RequestContext.requireSession(servletRequest);
        DisableRequest in = RequestBodies.required(body);
        identity.disableTwoFactor(session, in.password(), in.code(), RequestContext.client(servletRequest));
        return Response.noContent().build();
    }
}
