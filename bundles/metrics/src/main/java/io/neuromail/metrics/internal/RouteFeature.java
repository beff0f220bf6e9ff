package io.neuromail.metrics.internal;

import java.lang.reflect.Method;

import javax.ws.rs.Path;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.DynamicFeature;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.FeatureContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import io.neuromail.api.rest.NeuroMailApi;

/**
 * Gives each resource method of the NeuroMail API a filter that names its route template (e.g.
 * {@code /api/v1/contacts/{id}}) on the request, for {@link HttpMetricsFilter}. It runs before
 * every other filter, so even a request refused by authentication is counted under its route.
 */
@Component(service = DynamicFeature.class)
@JaxrsExtension
@JaxrsName("neuromail.metrics.routes")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
public class RouteFeature implements DynamicFeature {

    static final String ROUTE = "neuromail.metrics.route";

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        String route = template(resourceInfo.getResourceClass(), resourceInfo.getResourceMethod());
        context.register(new Named(route), 1);
    }

    /** The route template of a resource method: the application's base, the class's and the method's {@code @Path}. */
    static String template(Class<?> resourceClass, Method method) {
        StringBuilder out = new StringBuilder(NeuroMailApi.BASE_PATH);
        append(out, resourceClass == null ? null : resourceClass.getAnnotation(Path.class));
        append(out, method == null ? null : method.getAnnotation(Path.class));
        return out.toString();
    }

    private static void append(StringBuilder out, Path path) {
        if (path == null) {
            return;
        }
        String value = withoutRegexes(path.value());
        for (String segment : value.split("/")) {
            if (!segment.isEmpty()) {
                out.append('/').append(segment);
            }
        }
    }

    /** {@code {id: [0-9a-f-]+}} becomes {@code {id}}: the label names the parameter, not its pattern. */
    static String withoutRegexes(String template) {
        StringBuilder out = new StringBuilder(template.length());
        int depth = 0;
        boolean skipping = false;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{') {
                depth++;
                if (depth == 1) {
                    out.append(c);
                    skipping = false;
                    continue;
                }
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    out.append(c);
                    skipping = false;
                    continue;
                }
            } else if (c == ':' && depth == 1) {
                skipping = true;
            }
            if (!skipping && !(depth == 1 && Character.isWhitespace(c))) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Puts one route template on the requests of one resource method. */
    static final class Named implements ContainerRequestFilter {

        private final String route;

        Named(String route) {
            this.route = route;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            request.setProperty(ROUTE, route);
        }
    }
}
