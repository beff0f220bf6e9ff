package io.neuromail.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.security.PublicEndpoint;

/**
 * Serves the OpenAPI 3 document of the whole API. Each bundle describes its own endpoints in a
 * fragment named by its {@value #HEADER} manifest header; the document is the union of the
 * fragments of the bundles that are active now, so it changes as bundles come and go.
 */
@Component(service = OpenApiResource.class)
@JaxrsResource
@JaxrsName("neuromail.openapi")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect(NeuroMailApi.REQUIRE_JSON)
@Path("openapi.json")
@PublicEndpoint
public class OpenApiResource {

    /** Manifest header naming a bundle entry that holds an OpenAPI fragment ({@code paths}, {@code components}). */
    public static final String HEADER = "NeuroMail-OpenAPI";

    private static final Logger LOG = LoggerFactory.getLogger(OpenApiResource.class);

    private final ObjectMapper mapper = ObjectMappers.create();
    private final Map<Long, JsonNode> fragments = new ConcurrentHashMap<>();
    private final ObjectNode base;
    private final BundleTracker<Long> tracker;

    @Activate
    public OpenApiResource(BundleContext context) throws IOException {
        try (InputStream in = OpenApiResource.class.getResourceAsStream("openapi-base.json")) {
            base = (ObjectNode) mapper.readTree(in);
        }
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, null) {
            @Override
            public Long addingBundle(Bundle bundle, BundleEvent event) {
                String entry = bundle.getHeaders().get(HEADER);
                if (entry == null) {
                    return null;
                }
                URL url = bundle.getEntry(entry);
                if (url == null) {
                    LOG.warn("Bundle {} names OpenAPI fragment {} but does not contain it", bundle.getSymbolicName(), entry);
                    return null;
                }
                try (InputStream in = url.openStream()) {
                    fragments.put(bundle.getBundleId(), mapper.readTree(in));
                    return bundle.getBundleId();
                } catch (IOException e) {
                    LOG.warn("Cannot read OpenAPI fragment {} of bundle {}", entry, bundle.getSymbolicName(), e);
                    return null;
                }
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, Long id) {
                fragments.remove(id);
            }
        };
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode document() {
        ObjectNode doc = base.deepCopy();
        ObjectNode paths = doc.with("paths");
        ObjectNode schemas = doc.with("components").with("schemas");
        fragments.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            merge(paths, e.getValue().path("paths"));
            merge(schemas, e.getValue().path("components").path("schemas"));
        });
        return doc;
    }

    private static void merge(ObjectNode target, JsonNode source) {
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode obj && field.getValue().isObject()) {
                obj.setAll((ObjectNode) field.getValue());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }
}
