package io.neuromail.identity.internal.rest;

import java.lang.reflect.Method;
import java.net.URI;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Cookie;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.security.Caller;
import io.neuromail.api.security.PublicEndpoint;
import io.neuromail.api.security.RequiresScope;
import io.neuromail.api.security.Scope;
import io.neuromail.identity.internal.ApiKeyService;
import io.neuromail.identity.internal.IdentityService;
import io.neuromail.identity.internal.SessionService;
import io.neuromail.identity.internal.Views.AuthenticatedSession;
import io.neuromail.identity.internal.security.Secrets;

/**
 * Authenticates every request of the NeuroMail API, for every bundle's resources: an API key
 * ({@code Authorization: Bearer}) or a browser session cookie, whose state-changing requests must also
 * carry the session's CSRF token. Resources not marked {@link PublicEndpoint} are never reached
 * anonymously, and a caller reaches only the methods its scopes allow ({@link RequiresScope}): an API
 * key's scopes, or the scopes of the signed-in member's role (endpoints about the user themselves,
 * {@link SelfService}, excepted).
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName(NeuroMailApi.AUTH_EXTENSION)
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
public class AuthenticationFilter implements ContainerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Reference
    private IdentityService identity;

    @Reference
    private SessionService sessions;

    @Reference
    private ApiKeyService apiKeys;

    @Context
    private ResourceInfo resource;

    @Context
    private HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        servletRequest.setAttribute(RequestContext.CLIENT_ATTRIBUTE, identity.clientOf(servletRequest.getRemoteAddr(),
                request.getHeaderString("X-Forwarded-For"), request.getHeaderString(HttpHeaders.USER_AGENT)));
        boolean changesState = !SAFE_METHODS.contains(request.getMethod());
        boolean secure = identity.isSecure(servletRequest.isSecure(), servletRequest.getRemoteAddr(),
                request.getHeaderString("X-Forwarded-Proto"));
        servletRequest.setAttribute(RequestContext.SECURE_ATTRIBUTE, secure);
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw ApiException.unauthorized("Send the API key as 'Authorization: Bearer <key>'");
            }
            Caller caller = apiKeys.authenticate(authorization.substring(7).strip(),
                            RequestContext.client(servletRequest))
                    .orElseThrow(() -> ApiException.unauthorized("The API key is invalid or has been revoked"));
            Scope needed = requiredScope(resource.getResourceMethod(), resource.getResourceClass(), request.getMethod());
            if (!caller.has(needed)) {
                throw ApiException.forbidden("This API key lacks the scope '" + needed.id() + "' that " + request.getMethod()
                        + " " + request.getUriInfo().getPath() + " needs; a key's scopes are chosen when it is created")
                        .with("requiredScope", needed.id());
            }
            request.setSecurityContext(new CallerContext(caller, secure, "Bearer"));
            return;
        }
        Cookie cookie = request.getCookies().get(RequestContext.COOKIE);
        Optional<AuthenticatedSession> session = cookie == null ? Optional.empty()
                : sessions.authenticate(cookie.getValue());
        if (session.isPresent()) {
            AuthenticatedSession s = session.get();
            if (changesState) {
                String token = request.getHeaderString(NeuroMailApi.CSRF_HEADER);
                if (token == null || !Secrets.constantTimeEquals(token, s.csrfToken())) {
                    throw ApiException.forbidden("The CSRF token is missing or invalid; reload the page and try again");
                }
            }
            if (!isPublic() && !isSelfService()) {
                if (s.twoFactorSetupDue()) {
                    throw ApiException.forbidden("This account requires two-factor authentication: set it up on "
                            + "the Security page first").with("twoFactorSetupDue", true);
                }
                Scope needed = requiredScope(resource.getResourceMethod(), resource.getResourceClass(), request.getMethod());
                if (!s.caller().has(needed)) {
                    throw ApiException.forbidden("Your role in this account (" + s.role().id() + ") does not allow this; "
                            + "an owner or admin can change your role").with("role", s.role().id())
                            .with("requiredScope", needed.id());
                }
            }
            servletRequest.setAttribute(RequestContext.SESSION_ATTRIBUTE, s);
            request.setSecurityContext(new CallerContext(s.caller(), secure, "Session"));
            return;
        }
        if (isPublic()) {
            if (changesState && crossOrigin(request)) {
                throw ApiException.forbidden("Cross-origin requests are not accepted");
            }
            return;
        }
        throw ApiException.unauthorized(cookie == null ? "Authentication required: log in or send an API key"
                : "Your session has ended; log in again");
    }

    /**
     * The scope an API key needs for a resource method: its own {@link RequiresScope}, else its
     * class's, else {@code read} for a safe method and {@code admin} for a state-changing one, so a
     * forgotten declaration closes the method rather than opening it.
     */
    static Scope requiredScope(Method method, Class<?> resourceClass, String httpMethod) {
        RequiresScope declared = method == null ? null : method.getAnnotation(RequiresScope.class);
        if (declared == null && resourceClass != null) {
            declared = resourceClass.getAnnotation(RequiresScope.class);
        }
        if (declared != null) {
            return declared.value();
        }
        return SAFE_METHODS.contains(httpMethod) ? Scope.READ : Scope.ADMIN;
    }

    private boolean isSelfService() {
        return resource.getResourceMethod().isAnnotationPresent(SelfService.class)
                || resource.getResourceClass().isAnnotationPresent(SelfService.class);
    }

    private boolean isPublic() {
        return resource.getResourceMethod().isAnnotationPresent(PublicEndpoint.class)
                || resource.getResourceClass().isAnnotationPresent(PublicEndpoint.class);
    }

    /** Login and sign-up carry no session yet; refuse them when a browser says another site sent them. */
    private static boolean crossOrigin(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        if (origin == null || origin.isEmpty()) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            String host = request.getHeaderString(HttpHeaders.HOST);
            String originHost = o.getPort() == -1 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return host == null || !host.equalsIgnoreCase(originHost);
        } catch (IllegalArgumentException malformed) {
            return true;
        }
    }

    private record CallerContext(Caller caller, boolean secure, String scheme) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return scheme;
        }
    }
}
