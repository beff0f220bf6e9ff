package io.neuromail.identity.internal.rest;

import java.util.List;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.PathParam;
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
import io.neuromail.identity.internal.ApiKeyService;
import io.neuromail.identity.internal.Views.ApiKeyView;

/** The account's API keys. */
@Component(service = ApiKeyResource.class)
@JaxrsResource
@JaxrsName("neuromail.identity.apikeys")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("api-keys")
@RequiresScope(Scope.ADMIN)
public class ApiKeyResource {

    /** Body of {@code POST /api-keys}. */
    public record NewKey(String name, List<String> scopes) {
    }

    @Reference
    private ApiKeyService apiKeys;

    @Context
    private HttpServletRequest servletRequest;

    @GET
    public List<ApiKeyView> list(@Context SecurityContext security) {
        return apiKeys.list(Caller.require(security), RequestContext.client(servletRequest));
    }

    @POST
    public Response create(@Context SecurityContext security, NewKey body) {
        NewKey in = RequestBodies.required(body);
        ApiKeyView created = apiKeys.create(Caller.require(security), in.name(), in.scopes(),
                RequestContext.client(servletRequest));
        return Response.status(201).entity(created).build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@Context SecurityContext security, @PathParam("id") String id) {
        apiKeys.revoke(Caller.require(security), id, RequestContext.client(servletRequest));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/regenerate")
    public Response regenerate(@Context SecurityContext security, @PathParam("id") String id) {
        ApiKeyView created = apiKeys.regenerate(Caller.require(security), id, RequestContext.client(servletRequest));
        return Response.status(201).entity(created).build();
    }
}
