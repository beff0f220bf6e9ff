package io.neuromail.rest.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.BaseDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.security.Caller;
import io.neuromail.api.security.LocalPeer;
import io.neuromail.api.security.PublicEndpoint;

/**
 * Readiness: 200 once every NeuroMail bundle is active, every one of its components is up and every
 * NeuroMail REST resource and extension is being served; 503 before that. Anyone sees the status;
 * what is not up (bundle and component names, failures) only callers on this machine (a loopback
 * peer that no proxy header speaks for) and callers with an API key of the {@code admin} scope.
 */
@Component(service = HealthResource.class)
@JaxrsResource
@JaxrsName("neuromail.health")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect(NeuroMailApi.REQUIRE_JSON)
@Path("health")
@PublicEndpoint
public class HealthResource {

    static final String BUNDLE_PREFIX = "io.neuromail.";

    /** The entry for Karaf's installation of the boot features (on a fresh start, every NeuroMail feature). */
    static final String KARAF_BOOT = "karaf.boot";
    private static final String FEATURES_SERVICE = "org.apache.karaf.features.FeaturesService";
    private static final String BOOT_FINISHED = "org.apache.karaf.features.BootFinished";

    private final BundleContext context;

    @Reference
    private ServiceComponentRuntime scr;

    @Reference
    private JaxrsServiceRuntime jaxrs;

    @Activate
    public HealthResource(BundleContext context) {
        this.context = context;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health(@Context SecurityContext security, @Context HttpServletRequest request) {
        Map<String, String> components = components();
        boolean up = isUp(components);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        if (maySeeDetails(security, request)) {
            body.put("components", components);
        }
        return Response.status(up ? 200 : 503).entity(body).build();
    }

    static boolean maySeeDetails(SecurityContext security, HttpServletRequest request) {
        if (security != null && security.getUserPrincipal() instanceof Caller caller
                && caller.method() == Caller.AuthMethod.API_KEY && caller.has(io.neuromail.api.security.Scope.ADMIN)) {
            return true;
        }
        return request != null && LocalPeer.isLocal(request.getRemoteAddr(), request::getHeader);
    }

    /** Whether every component is up or idle (not configured, disabled on purpose). */
    public static boolean isUp(Map<String, String> components) {
        return components.values().stream().allMatch(s -> s.equals("UP") || s.startsWith("IDLE"));
    }

    /** Each NeuroMail bundle, component and REST failure with its state ({@code UP}, {@code IDLE: ...}, {@code DOWN: ...}). */
    public Map<String, String> components() {
        Map<String, String> components = new TreeMap<>();
        bootState(context).ifPresent(state -> components.put(KARAF_BOOT, state));
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name == null || !name.startsWith(BUNDLE_PREFIX) || bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            if (bundle.getState() != Bundle.ACTIVE) {
                components.put(name, "DOWN: bundle is " + state(bundle.getState()));
                continue;
            }
            components.put(name, "UP");
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                components.put(description.name, componentState(description));
            }
        }
        jaxrsFailures(components);
        return components;
    }

    /**
     * In Karaf, whether it has finished installing the boot features: until then bundles are still
     * being installed and started, and each JAX-RS resource that arrives rebuilds the application, which
     * answers 404 for that moment; so the server is not ready even when every bundle present is up.
     * Empty outside Karaf (no features service).
     */
    static Optional<String> bootState(BundleContext context) {
        if (context.getServiceReference(FEATURES_SERVICE) == null) {
            return Optional.empty();
        }
        return Optional.of(context.getServiceReference(BOOT_FINISHED) != null ? "UP"
                : "DOWN: Karaf is still installing the boot features");
    }

    private String componentState(ComponentDescriptionDTO description) {
        if (!scr.isComponentEnabled(description)) {
            // A component that is enabled by default but not (yet) enabled is still starting.
            return description.defaultEnabled ? "DOWN: not enabled yet" : "IDLE: disabled";
        }
        var configurations = scr.getComponentConfigurationDTOs(description);
        if (configurations.isEmpty()) {
            return "require".equals(description.configurationPolicy) ? "IDLE: not configured" : "DOWN: not started";
        }
        for (ComponentConfigurationDTO configuration : configurations) {
            switch (configuration.state) {
                case ComponentConfigurationDTO.ACTIVE:
                case ComponentConfigurationDTO.SATISFIED:
                    break;
                case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                    return "DOWN: waiting for " + Arrays.stream(configuration.unsatisfiedReferences)
                            .map(r -> r.name).reduce((a, b) -> a + ", " + b).orElse("a service");
                case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                    return "DOWN: waiting for configuration";
                case ComponentConfigurationDTO.FAILED_ACTIVATION:
                    return "DOWN: failed to start: " + configuration.failure.lines().findFirst().orElse("");
                default:
                    return "DOWN: state " + configuration.state;
            }
        }
        return "UP";
    }

    private void jaxrsFailures(Map<String, String> components) {
        RuntimeDTO runtime = jaxrs.getRuntimeDTO();
        List<BaseDTO[]> failed = List.of(runtime.failedApplicationDTOs, runtime.failedResourceDTOs,
                runtime.failedExtensionDTOs);
        for (BaseDTO[] dtos : failed) {
            for (BaseDTO dto : dtos) {
                if (dto.name != null && dto.name.startsWith("neuromail")) {
                    components.put("jaxrs:" + dto.name, "DOWN: not served by the JAX-RS whiteboard");
                }
            }
        }
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "installed";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            default -> "in state " + state;
        };
    }
}
