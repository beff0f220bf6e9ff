package io.neuromail.identity.internal.rest;

import java.util.List;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
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

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.neuromail.api.rest.RequestBodies;
import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.rest.PageRequest;
import io.neuromail.api.security.Caller;
import io.neuromail.api.security.PublicEndpoint;
import io.neuromail.identity.internal.ActivityLogService;
import io.neuromail.identity.internal.IdentityService;
import io.neuromail.identity.internal.SessionService;
import io.neuromail.identity.internal.Views.AuthenticatedSession;
import io.neuromail.identity.internal.Views.LoginResult;
import io.neuromail.identity.internal.Views.NewSession;
import io.neuromail.identity.internal.Views.SessionItem;
import io.neuromail.identity.internal.Views.SessionView;
import io.neuromail.identity.internal.Views.SignInView;

/**
 * Sign-up, address confirmation, invitations, login (with its two-factor step), logout, password reset
 * and the current session.
 */
@Component(service = AuthResource.class)
@JaxrsResource
@JaxrsName("neuromail.identity.auth")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("auth")
public class AuthResource {

    private static final int DEFAULT_SIGN_INS = 20;

    /** Body of {@code POST /auth/signup}. */
    public record SignupRequest(String email, String password, String accountName) {
    }

    /** Body of {@code POST /auth/login}. */
    public record LoginRequest(String email, String password) {
    }

    /** Answer of {@code GET /auth/signup}: who may sign up. */
    public record SignupOptions(String mode) {
    }

    /** Body of {@code POST /auth/verify-email}. */
    public record TokenRequest(String token) {
    }

    /** Body of {@code POST /auth/password-reset}. */
    public record ResetRequest(String email) {
    }

    /** Body of {@code POST /auth/password-reset/confirm} and {@code POST /auth/invitation}. */
    public record NewPassword(String token, String password) {
    }

    /** Body of {@code POST /auth/login/2fa}: the challenge of the password step and a code. */
    public record SecondStepRequest(String challenge, String code) {
    }

    /** Answer {@code 202} of {@code POST /auth/login} when the user has two-factor authentication. */
    public record SecondStepAnswer(boolean twoFactorRequired, String challenge, java.time.Instant expiresAt) {
    }

    /** Answer of {@code POST /auth/sessions/end-others}: how many sessions ended. */
    public record EndedSessions(int ended) {
    }

    /** Answer of requests whose outcome is not told: what to expect next. */
    public record Message(String message) {
    }

    @Reference
    private IdentityService identity;

    @Reference
    private SessionService sessions;

    @Reference
    private ActivityLogService activity;

    @Context
    private HttpServletRequest servletRequest;

    @GET
    @Path("signup")
    @PublicEndpoint
    public SignupOptions signupOptions() {
        return new SignupOptions(identity.signupMode().id());
    }

    @POST
    @Path("signup")
    @PublicEndpoint
    public Response signup(SignupRequest body) {
        SignupRequest in = RequestBodies.required(body);
        IdentityService.SignupAnswer answer = identity.signup(in.email(), in.password(), in.accountName(),
                RequestContext.client(servletRequest));
        return Response.status(202).type(MediaType.APPLICATION_JSON).entity(answer).build();
    }

    @POST
    @Path("verify-email")
    @PublicEndpoint
    public Response verifyEmail(TokenRequest body) {
        identity.verifyEmail(RequestBodies.required(body).token(), RequestContext.client(servletRequest));
        return Response.noContent().build();
    }

    @POST
    @Path("password-reset")
    @PublicEndpoint
    public Response requestPasswordReset(ResetRequest body) {
        identity.requestPasswordReset(RequestBodies.required(body).email(), RequestContext.client(servletRequest));
        return Response.status(202).type(MediaType.APPLICATION_JSON).entity(new Message(
                "If this address has an account, we sent it a link to choose a new password. It works for 30 minutes."))
                .build();
    }

    @POST
    @Path("password-reset/confirm")
    @PublicEndpoint
    public Response resetPassword(NewPassword body) {
        NewPassword in = RequestBodies.required(body);
        identity.resetPassword(in.token(), in.password(), RequestContext.client(servletRequest));
        return Response.noContent().build();
    }

    @POST
    @Path("invitation")
    @PublicEndpoint
    public Response acceptInvitation(NewPassword body) {
        NewPassword in = RequestBodies.required(body);
        NewSession session = identity.acceptInvitation(in.token(), in.password(), RequestContext.client(servletRequest));
        return withCookie(Response.status(201), session).build();
    }

    @POST
    @Path("login")
    @PublicEndpoint
    public Response login(LoginRequest body) {
        LoginRequest in = RequestBodies.required(body);
        LoginResult result = identity.login(in.email(), in.password(), RequestContext.client(servletRequest));
        if (result.secondStep() != null) {
            return Response.status(202).type(MediaType.APPLICATION_JSON).entity(new SecondStepAnswer(true,
                    result.secondStep().challenge(), result.secondStep().expiresAt())).build();
        }
        return withCookie(Response.ok(), result.session()).build();
    }

    @POST
    @Path("login/2fa")
    @PublicEndpoint
    public Response completeLogin(SecondStepRequest body) {
        SecondStepRequest in = RequestBodies.required(body);
        NewSession session = identity.completeLogin(in.challenge(), in.code(), RequestContext.client(servletRequest));
        return withCookie(Response.ok(), session).build();
    }

    @POST
    @Path("logout")
    @SelfService
    public Response logout() {
        AuthenticatedSession session = RequestContext.requireSession(servletRequest);
        sessions.logout(session, RequestContext.client(servletRequest));
        return Response.noContent()
                .header(HttpHeaders.SET_COOKIE, RequestContext.clearedCookie(RequestContext.secure(servletRequest))).build();
    }

    @GET
    @Path("session")
    @SelfService
    public SessionView session(@Context SecurityContext security) {
        Caller caller = Caller.require(security);
        return sessions.describe(caller, RequestContext.session(servletRequest).orElse(null));
    }

    /** The signed-in user's sessions, the most recently used first; {@code current} marks this one. */
    @GET
    @Path("sessions")
    @SelfService
    public List<SessionItem> sessionList() {
        return sessions.sessionsOf(RequestContext.requireSession(servletRequest));
    }

    /** Ends one of the user's own sessions; ending this one is a logout (the cookie is cleared too). */
    @DELETE
    @Path("sessions/{id}")
    @SelfService
    public Response endSession(@PathParam("id") String id) {
        AuthenticatedSession session = RequestContext.requireSession(servletRequest);
        boolean itself = sessions.end(session, id, RequestContext.client(servletRequest));
        Response.ResponseBuilder answer = Response.noContent();
        if (itself) {
            answer.header(HttpHeaders.SET_COOKIE, RequestContext.clearedCookie(RequestContext.secure(servletRequest)));
        }
        return answer.build();
    }

    /** Ends every session of the user but this one ("log out everywhere else"). */
    @POST
    @Path("sessions/end-others")
    @SelfService
    public EndedSessions endOtherSessions() {
        AuthenticatedSession session = RequestContext.requireSession(servletRequest);
        return new EndedSessions(sessions.endOthers(session, RequestContext.client(servletRequest)));
    }

    /** The signed-in user's latest sign-ins, successful or not, newest first. */
    @GET
    @Path("sign-ins")
    @SelfService
    public List<SignInView> signIns(@QueryParam("limit") String limit) {
        AuthenticatedSession session = RequestContext.requireSession(servletRequest);
        int size = PageRequest.of(null, null, limit, null, DEFAULT_SIGN_INS, ActivityLogService.MAX_SIGN_INS).size();
        return activity.signIns(session.caller(), size);
    }

    private Response.ResponseBuilder withCookie(Response.ResponseBuilder response, NewSession session) {
        return response.type(MediaType.APPLICATION_JSON).entity(session.view())
                .header(HttpHeaders.SET_COOKIE, RequestContext.sessionCookie(session.token(), RequestContext.secure(servletRequest)));
    }

}
