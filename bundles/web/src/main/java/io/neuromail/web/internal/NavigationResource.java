package io.neuromail.web.internal;

import java.util.List;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.security.Caller;
import io.neuromail.api.security.Scope;
import io.neuromail.web.api.NavigationEntry;

/**
 * {@code GET /api/v1/ui/navigation}: the pages of the web UI, built-in and contributed, in the order
 * the navigation shows them.
 */
@Component(service = NavigationResource.class)
@JaxrsResource
@JaxrsName("neuromail.ui.navigation")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@Path("ui/navigation")
public class NavigationResource {

    private static final Logger LOG = LoggerFactory.getLogger(NavigationResource.class);

    /**
     * The service property of a {@link NavigationEntry} that names the scope a caller needs to see the
     * link ({@code read}, {@code contacts}, {@code send}, {@code admin}; {@code read} when absent): pages
     * only owners and admins can use, such as API keys, are not listed to editors and viewers.
     */
    public static final String SCOPE_PROPERTY = "neuromail.navigation.scope";

    private final Navigation navigation = new Navigation();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, name = "entries", unbind = "removeEntry")
    void addEntry(NavigationEntry entry, Map<String, Object> properties) {
        long serviceId = (Long) properties.get(Constants.SERVICE_ID);
        try {
            Object scope = properties.get(SCOPE_PROPERTY);
            navigation.add(serviceId, ranking(properties), scope == null ? Scope.READ : Scope.of(String.valueOf(scope))
                    .orElseThrow(() -> new IllegalArgumentException(SCOPE_PROPERTY + " '" + scope
                            + "' is none of read, contacts, send, admin")), entry);
        } catch (RuntimeException e) {
            LOG.warn("Ignoring navigation entry (service {} of bundle {}): {}", serviceId,
                    properties.get(Constants.SERVICE_BUNDLEID), e.getMessage());
        }
    }

    void removeEntry(NavigationEntry entry, Map<String, Object> properties) {
        navigation.remove((Long) properties.get(Constants.SERVICE_ID));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Navigation.Entry> entries(@Context SecurityContext security) {
        Caller caller = Caller.require(security);
        return navigation.entries(caller::has);
    }

    private static int ranking(Map<String, Object> properties) {
        return properties.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }
}
