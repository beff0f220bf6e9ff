package io.neuromail.identity.internal.rest;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
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
import io.neuromail.api.security.PublicEndpoint;
import io.neuromail.identity.internal.MemberService;
import io.neuromail.identity.internal.MemberService.InvitationPreview;
import io.neuromail.identity.internal.MemberService.Joined;

/**
 * Accepting an invitation to an account's team. Opening the link changes nothing ({@code preview});
 * joining is the page's button. Someone without a login chooses a password here; someone with one
 * joins while signed in with it.
 */
@Component(service = JoinResource.class)
@JaxrsResource
@JaxrsName("neuromail.identity.join")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("auth/join")
@PublicEndpoint
public class JoinResource {

    /** Body of {@code POST /auth/join/preview}. */
    public record Preview(String token) {
    }

    /** Body of {@code POST /auth/join}: the password only for a new login. */
    public record Join(String token, String password) {
    }

    @Reference
    private MemberService members;

    @Context
    private HttpServletRequest servletRequest;

    @POST
    @Path("preview")
    public InvitationPreview preview(Preview body) {
        return members.preview(RequestBodies.required(body).token());
    }

    @POST
    public Response join(Join body) {
        Join in = RequestBodies.required(body);
        Joined joined = members.join(in.token(), in.password(), RequestContext.session(servletRequest),
                RequestContext.client(servletRequest));
        if (joined.newSession() != null) {
            return Response.status(201).type(MediaType.APPLICATION_JSON).entity(joined.newSession().view())
                    .header(HttpHeaders.SET_COOKIE, RequestContext.sessionCookie(joined.newSession().token(),
                            RequestContext.secure(servletRequest))).build();
        }
        return Response.ok(joined.session(), MediaType.APPLICATION_JSON).build();
    }
}
