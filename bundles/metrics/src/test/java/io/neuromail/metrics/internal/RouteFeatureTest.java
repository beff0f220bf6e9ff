package io.neuromail.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javax.ws.rs.GET;
import javax.ws.rs.Path;

import org.junit.jupiter.api.Test;

class RouteFeatureTest {

    @Path("contacts/")
    static class Contacts {
        @GET
        public void list() {
        }

        @GET
        @Path("/{id: [0-9a-f-]{36}}/lists/{ listId }")
        public void lists() {
        }
    }

    @Test
    void theTemplateJoinsBaseClassAndMethodWithoutPatterns() throws Exception {
        assertEquals("/api/v1/contacts", RouteFeature.template(Contacts.class, Contacts.class.getMethod("list")));
        assertEquals("/api/v1/contacts/{id}/lists/{listId}",
                RouteFeature.template(Contacts.class, Contacts.class.getMethod("lists")));
        assertEquals("/api/v1", RouteFeature.template(null, null));
    }

    @Test
    void unusualMethodsShareOneLabel() {
        assertEquals("GET", HttpMetricsFilter.method("GET"));
        assertEquals("other", HttpMetricsFilter.method("PROPFIND"));
    }
}
