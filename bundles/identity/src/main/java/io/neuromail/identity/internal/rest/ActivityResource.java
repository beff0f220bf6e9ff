package io.neuromail.identity.internal.rest;

import java.time.Duration;
import java.util.List;

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

import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.rest.Page;
import io.neuromail.api.rest.PageRequest;
import io.neuromail.api.security.Caller;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.security.RequiresScope;
import io.neuromail.api.security.Scope;
import io.neuromail.identity.internal.ActivityChainService;
import io.neuromail.identity.internal.ActivityLogService;
import io.neuromail.identity.internal.Views.ActivityView;
import io.neuromail.identity.internal.security.RateLimiter;

/** The account's activity log and its check. */
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
    private ActivityLogService activity;

    @Reference
    private ActivityChainService chain;

    /**
     * A check walks the whole log: at most {@value #CHECKS_PER_WINDOW} per account in ten minutes, so
     * repeated requests cannot keep the database busy.
     */
    private static final int CHECKS_PER_WINDOW = 20;
    private final RateLimiter checks = new RateLimiter(CHECKS_PER_WINDOW, Duration.ofMinutes(10), 100_000);

    @GET
    public Page<ActivityView> list(@Context SecurityContext security, @QueryParam("type") String type,
                                   @QueryParam("subject") String subject, @QueryParam("page") String page,
                                   @QueryParam("size") String size) {
        PageRequest request = PageRequest.of(page, size, null, null, PageRequest.DEFAULT_SIZE, ActivityLogService.MAX_ACTIVITY_PAGE);
        return activity.activity(Caller.require(security), type, subject, request.page(), request.size());
    }

    /** Checks the account's hash chain; an administrator's read, as it walks the whole log. */
    @GET
    @Path("verify")
    @RequiresScope(Scope.ADMIN)
    public ActivityChainService.Report verify(@Context SecurityContext security) {
        String accountId = Caller.require(security).accountId();
        RateLimiter.Decision allowed = checks.tryAcquire(accountId);
        if (!allowed.allowed()) {
            throw ApiException.tooManyRequests("The log of this account was checked " + CHECKS_PER_WINDOW
                    + " times in ten minutes; try again in " + allowed.retryAfterSeconds() + " seconds",
                    allowed.retryAfterSeconds());
        }
        return chain.verify(accountId);
    }

    @GET
    @Path("types")
    public List<String> types(@Context SecurityContext security) {
        return activity.activityTypes(Caller.require(security));
    }
}
