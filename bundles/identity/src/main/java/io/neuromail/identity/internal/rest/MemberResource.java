package io.neuromail.identity.internal.rest;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
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
import io.neuromail.identity.internal.MemberService;
import io.neuromail.identity.internal.MemberService.InvitationView;
import io.neuromail.identity.internal.MemberService.MemberView;
import io.neuromail.identity.internal.MemberService.Team;
import io.neuromail.identity.internal.Views.AuthenticatedSession;

/**
 * The account's team: members and their roles, invitations. Reading needs {@code read}; every change
 * needs {@code admin} (owners and admins), and the owners' rules are kept by {@link MemberService}.
 */
@Component(service = MemberResource.class)
@JaxrsResource
@JaxrsName("neuromail.identity.members")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("account/members")
@RequiresScope(Scope.ADMIN)
public class MemberResource {

    /** Body of {@code POST /account/members/invitations}. */
    public record NewInvitation(String email, String role) {
    }

    /** Body of {@code PUT /account/members/{userId}}. */
    public record RoleChange(String role) {
    }

    @Reference
    private MemberService members;

    @Context
    private HttpServletRequest servletRequest;

    @GET
    @RequiresScope(Scope.READ)
    public Team team(@Context SecurityContext security) {
        return members.team(Caller.require(security), RequestContext.session(servletRequest));
    }

    @POST
    @Path("invitations")
    public Response invite(@Context SecurityContext security, NewInvitation body) {
        NewInvitation in = RequestBodies.required(body);
        Caller caller = Caller.require(security);
        InvitationView invitation = members.invite(caller, MemberService.roleOf(caller, RequestContext.session(servletRequest)),
                in.email(), in.role(), RequestContext.client(servletRequest));
        return Response.status(201).type(MediaType.APPLICATION_JSON).entity(invitation).build();
    }

    @DELETE
    @Path("invitations/{id}")
    public Response revokeInvitation(@Context SecurityContext security, @PathParam("id") String id) {
        members.revokeInvitation(Caller.require(security), id, RequestContext.client(servletRequest));
        return Response.noContent().build();
    }

    @PUT
    @Path("{userId}")
    public MemberView changeRole(@Context SecurityContext security, @PathParam("userId") String userId, RoleChange body) {
        RoleChange in = RequestBodies.required(body);
        Caller caller = Caller.require(security);
        return members.changeRole(caller, MemberService.roleOf(caller, RequestContext.session(servletRequest)), userId,
                in.role(), RequestContext.client(servletRequest));
    }

    @DELETE
    @Path("{userId}")
    public Response remove(@Context SecurityContext security, @PathParam("userId") String userId) {
        Caller caller = Caller.require(security);
        members.remove(caller, MemberService.roleOf(caller, RequestContext.session(servletRequest)), userId,
                RequestContext.client(servletRequest));
        return Response.noContent().build();
    }

    /** Leaving the account: any member may; the last owner may not. */
    @DELETE
    @Path("me")
    @SelfService
    public Response leave(@Context SecurityContext security) {
        AuthenticatedSession session = RequestContext.requireSession(servletRequest);
        members.remove(session.caller(), session.role(), session.caller().userId(), RequestContext.client(servletRequest));
        return Response.noContent().build();
    }
}
