package io.neuromail.itests.contacts;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.Response;

/**
 * The contacts pages as the distribution serves them: listed in the navigation of a signed-in user,
 * before the built-in pages, and their modules and stylesheet served at /ui/contacts/ with the
 * media types a browser requires for ES modules and with the platform's security headers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ContactsPagesIT extends NeuroMailTestSupport {

    private static final Duration WHITEBOARD = Duration.ofSeconds(30);
    private static final List<String> ROUTES = List.of("contacts", "lists", "import", "segments", "suppressions");

    @Test
    public void theContactsPagesAreTogetherInTheAudienceGroupBeforeTheBuiltInPages() {
        Api api = Api.signedUp();
        JsonNode navigation = Poll.until("the contacts pages in the navigation", WHITEBOARD,
                () -> api.get("/api/v1/ui/navigation").expect(200), r -> r.body().contains("\"suppressions\"")).json();
        List<String> routes = new ArrayList<>();
        for (JsonNode entry : navigation) {
            routes.add(entry.get("route").asText());
            if (ROUTES.contains(entry.get("route").asText())) {
                assertEquals("/ui/contacts/" + entry.get("id").asText() + ".js", entry.get("moduleUrl").asText());
            }
        }
        // The Audience group holds the contacts pages together, in their order, before the built-in pages.
        int first = routes.indexOf(ROUTES.get(0));
        assertTrue(routes.toString(), first >= 0);
        assertEquals(ROUTES, routes.subList(first, first + ROUTES.size()));
        for (JsonNode entry : navigation) {
            if (ROUTES.contains(entry.get("route").asText())) {
                assertEquals("Audience", entry.get("group").asText());
            }
        }
        assertTrue(routes.indexOf("api-keys") > first + ROUTES.size() - 1);
        Api.anonymous().get("/api/v1/ui/navigation").expect(401);
    }

    @Test
    public void theModulesAndTheStylesheetAreServedWithTheirMediaTypesAndSecurityHeaders() {
        Api anonymous = Api.anonymous();
        List<String> files = new ArrayList<>();
        for (String route : ROUTES) {
            files.add(route + ".js");
        }
        files.addAll(List.of("common.js", "contact-detail.js"));
        for (String file : files) {
            Response module = Poll.until("/ui/contacts/" + file, WHITEBOARD, () -> anonymous.get("/ui/contacts/" + file),
                    r -> r.status() != 404).expect(200);
            String type = module.header("Content-Type").orElse("");
            assertTrue(file + " is served as JavaScript: " + type, type.matches("(text|application)/javascript.*"));
            assertTrue(file + " carries the CSP", module.header("Content-Security-Policy").orElse("").contains("script-src 'self'"));
            assertTrue(file + " is an ES module", module.body().contains("export "));
        }
        Response css = anonymous.get("/ui/contacts/contacts.css").expect(200);
        assertTrue(css.header("Content-Type").orElse("").startsWith("text/css"));
        anonymous.get("/ui/contacts/no-such-page.js").expect(404);
        int folder = anonymous.get("/ui/contacts/").status();
        assertTrue("the folder itself is not listed: " + folder, folder == 403 || folder == 404);
    }
}
