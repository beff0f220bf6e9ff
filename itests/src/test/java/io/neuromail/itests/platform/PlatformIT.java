package io.neuromail.itests.platform;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.ServiceReference;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceMethodInfoDTO;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Response;

/** The platform as an operator and a client first meet it: readiness, headers, errors, OpenAPI. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class PlatformIT extends NeuroMailTestSupport {

    @Test
    public void healthReportsEveryNeuroMailComponentUp() {
        // The tests call from this machine (loopback, no proxy header), so the answer names each component.
        Response r = Api.anonymous().get("/api/v1/health").expect(200);
        assertEquals("UP", r.json().get("status").asText());
        JsonNode components = r.json().get("components");
        for (String expected : List.of("io.neuromail.db", "io.neuromail.rest", "io.neuromail.identity", "io.neuromail.web",
                "io.neuromail.identity.internal.IdentityService", "io.neuromail.db.internal.PersistenceService")) {
            assertEquals(expected + " in " + components, "UP", components.path(expected).asText());
        }
    }

    @Test
    public void everyResponseCarriesTheSecurityHeaders() {
        Api api = Api.anonymous();
        for (String path : List.of("/api/v1/health", "/api/v1/api-keys", "/api/v1/nowhere", "/")) {
            Response r = api.get(path);
            String csp = r.header("Content-Security-Policy").orElse("");
            assertTrue(path + " CSP: " + csp, csp.contains("script-src 'self'"));
            assertFalse(path + " CSP allows inline script: " + csp, csp.contains("unsafe-inline"));
            assertFalse(path + " CSP allows eval: " + csp, csp.contains("unsafe-eval"));
            assertTrue(path + " CSP: " + csp, csp.contains("frame-ancestors 'none'"));
            assertEquals(path, "nosniff", r.header("X-Content-Type-Options").orElse(null));
            assertTrue(path, r.header("Referrer-Policy").isPresent());
            assertFalse(path + " sent HSTS over plain HTTP", r.header("Strict-Transport-Security").isPresent());
        }
    }

    @Test
    public void errorsAreProblemDocumentsWithoutInternals() {
        Api api = Api.signedUp();
        Response unknownEndpoint = api.get("/api/v1/does-not-exist").expect(404);
        assertEquals("application/problem+json", unknownEndpoint.header("Content-Type").orElse(""));
        assertEquals(404, unknownEndpoint.json().get("status").asInt());

        Response malformed = api.sendRaw("POST", "/api/v1/api-keys", "{\"name\": ", "application/json").expect(400);
        assertEquals("application/problem+json", malformed.header("Content-Type").orElse(""));
        assertTrue(malformed.body(), malformed.json().get("detail").asText().contains("not valid JSON"));

        Response unknownField = api.post("/api/v1/api-keys", java.util.Map.of("name", "x", "admin", true)).expect(400);
        assertEquals("admin", unknownField.json().get("errors").get(0).get("field").asText());

        Response wrongType = api.post("/api/v1/api-keys", java.util.Map.of("name", List.of("a"))).expect(400);
        assertEquals("name", wrongType.json().get("errors").get(0).get("field").asText());

        for (Response r : List.of(unknownEndpoint, malformed, unknownField, wrongType)) {
            String body = r.body().toLowerCase(Locale.ROOT);
            assertFalse(body, body.contains("exception") || body.contains("at io.") || body.contains("jackson")
                    || body.contains("select "));
        }
    }

    @Test
    public void openApiDocumentsEveryServedEndpoint() {
        JsonNode paths = Api.anonymous().get("/api/v1/openapi.json").expect(200).json().get("paths");
        List<String> missing = new ArrayList<>();
        int checked = 0;
        ServiceReference<JaxrsServiceRuntime> ref = bundleContext.getServiceReference(JaxrsServiceRuntime.class);
        JaxrsServiceRuntime runtime = bundleContext.getService(ref);
        try {
            for (ApplicationDTO app : runtime.getRuntimeDTO().applicationDTOs) {
                if (!"neuromail".equals(app.name)) {
                    continue;
                }
                for (ResourceDTO resource : app.resourceDTOs) {
                    for (ResourceMethodInfoDTO method : resource.resourceMethods) {
                        String path = normalize(method.path);
                        checked++;
                        JsonNode operation = paths.path(path).path(method.method.toLowerCase(Locale.ROOT));
                        if (operation.isMissingNode()) {
                            missing.add(method.method + " " + path + " (" + resource.name + ")");
                        }
                    }
                }
            }
        } finally {
            bundleContext.ungetService(ref);
        }
        assertTrue("No NeuroMail resource methods found in the JAX-RS runtime", checked >= 12);
        assertTrue("Endpoints missing from /api/v1/openapi.json: " + missing, missing.isEmpty());
        for (Iterator<String> it = paths.fieldNames(); it.hasNext();) {
            assertTrue(it.next().startsWith("/"));
        }
    }

    /** The runtime reports paths as declared ("/api-keys/{id}", sometimes with a trailing slash or regex). */
    private static String normalize(String path) {
        String p = path.replaceAll("\\{([^}:]+)(:[^}]*)?}", "{$1}").replaceAll("/+", "/");
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
