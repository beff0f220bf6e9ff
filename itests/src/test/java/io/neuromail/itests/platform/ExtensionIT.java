package io.neuromail.itests.platform;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.security.Caller;
import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.Response;
import io.neuromail.web.api.NavigationEntry;

/**
 * Bundles extend NeuroMail through the service registry: what they register appears at once, and
 * disappears when they unregister or stop, with no restart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ExtensionIT extends NeuroMailTestSupport {

    private static final Duration WHITEBOARD = Duration.ofSeconds(20);

    @Test
    public void aContributedPageAppearsInTheNavigationAndGoesAway() {
        Api api = Api.signedUp();
        ServiceRegistration<NavigationEntry> registration = bundleContext.registerService(NavigationEntry.class,
                new NavigationEntry() {
                    @Override
                    public String id() {
                        return "reports";
                    }

                    @Override
                    public String title() {
                        return "Reports";
                    }

                    @Override
                    public String route() {
                        return "reports";
                    }

                    @Override
                    public String moduleUrl() {
                        return "/ui/reports/page.js";
                    }
                }, null);
        try {
            Poll.until("the reports page in the navigation", WHITEBOARD,
                    () -> api.get("/api/v1/ui/navigation").expect(200).body().contains("\"reports\""));
        } finally {
            registration.unregister();
        }
        Poll.until("the reports page to leave the navigation", WHITEBOARD,
                () -> !api.get("/api/v1/ui/navigation").expect(200).body().contains("\"reports\""));
        assertTrue(api.get("/api/v1/ui/navigation").body().contains("api-keys"));
    }

    /** A resource as a third-party bundle would contribute it. */
    @Path("probe-whoami")
    public static class WhoAmI {
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, String> whoami(@Context SecurityContext security) {
            Caller caller = Caller.require(security);
            return Map.of("accountId", caller.accountId(), "method", caller.method().name());
        }
    }

    @Test
    public void aContributedResourceIsProtectedLikeEveryOther() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.jaxrs.resource", Boolean.TRUE);
        props.put("osgi.jaxrs.name", "neuromail.itest.whoami");
        props.put("osgi.jaxrs.application.select", NeuroMailApi.APPLICATION_SELECT);
        props.put("osgi.jaxrs.extension.select", new String[] {NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH});
        Api alice = Api.signedUp();
        String accountId = alice.get("/api/v1/auth/session").json().get("account").get("id").asText();
        ServiceRegistration<WhoAmI> registration = bundleContext.registerService(WhoAmI.class, new WhoAmI(), props);
        try {
            Response answer = Poll.until("the contributed resource", WHITEBOARD,
                    () -> alice.get("/api/v1/probe-whoami"), r -> r.status() != 404);
            answer.expect(200);
            assertEquals(accountId, answer.json().get("accountId").asText());
            assertEquals("SESSION", answer.json().get("method").asText());
            Api.anonymous().get("/api/v1/probe-whoami").expect(401);
            Api key = alice.createApiKeyClient("probe");
            assertEquals("API_KEY", key.get("/api/v1/probe-whoami").expect(200).json().get("method").asText());
        } finally {
            registration.unregister();
        }
        Poll.until("the contributed resource to go away", WHITEBOARD,
                () -> alice.get("/api/v1/probe-whoami").status() == 404);
    }

    @Test
    public void healthNamesABundleThatIsNotRunning() throws Exception {
        Bundle web = null;
        for (Bundle b : bundleContext.getBundles()) {
            if ("io.neuromail.web".equals(b.getSymbolicName())) {
                web = b;
            }
        }
        assertTrue("web bundle installed", web != null);
        web.stop();
        try {
            // From loopback without a proxy header, so the answer names what is down.
            Response down = Poll.until("health to report the stopped bundle", WHITEBOARD,
                    () -> Api.anonymous().get("/api/v1/health"), r -> r.status() == 503);
            assertEquals("DOWN", down.json().get("status").asText());
            assertTrue(down.body(), down.json().get("components").get("io.neuromail.web").asText().startsWith("DOWN"));
            assertFalse(down.json().get("components").get("io.neuromail.identity").asText().startsWith("DOWN"));
        } finally {
            web.start();
        }
        Api.anonymous().awaitHealthy(Duration.ofSeconds(60));
    }
}
