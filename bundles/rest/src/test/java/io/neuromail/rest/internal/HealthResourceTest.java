package io.neuromail.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.core.SecurityContext;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.neuromail.api.security.Caller;

class HealthResourceTest {

    private static final Caller CALLER = new Caller("acc", null, null, Caller.AuthMethod.API_KEY, "key");

    @Test
    void anAnonymousCallerFromAnotherMachineSeesOnlyTheStatus() {
        assertFalse(HealthResource.maySeeDetails(security(null), request("203.0.113.9", Map.of())));
        assertFalse(HealthResource.maySeeDetails(null, request("10.0.0.1", Map.of())));
    }

    @Test
    void aCallerOnThisMachineSeesTheDetailsUnlessAProxySpeaksForSomeoneElse() {
        assertTrue(HealthResource.maySeeDetails(security(null), request("127.0.0.1", Map.of())));
        assertTrue(HealthResource.maySeeDetails(security(null), request("0:0:0:0:0:0:0:1", Map.of())));
        assertTrue(HealthResource.maySeeDetails(security(null), request("[::1]", Map.of())));
        assertFalse(HealthResource.maySeeDetails(security(null), request("127.0.0.1", Map.of("X-Forwarded-For", "203.0.113.9"))));
        assertFalse(HealthResource.maySeeDetails(security(null), request("127.0.0.1", Map.of("Forwarded", "for=203.0.113.9"))));
        assertFalse(HealthResource.maySeeDetails(security(null), request("127.0.0.1", Map.of("X-Real-IP", "203.0.113.9"))));
    }

    @Test
    void anAdministratorsApiKeySeesTheDetailsFromAnywhereOtherCallersDoNot() {
        assertTrue(HealthResource.maySeeDetails(security(CALLER), request("203.0.113.9", Map.of("X-Forwarded-For", "x"))));
        Caller reader = new Caller("acc", null, null, Caller.AuthMethod.API_KEY, "key",
                java.util.Set.of(io.neuromail.api.security.Scope.READ), true);
        assertFalse(HealthResource.maySeeDetails(security(reader), request("203.0.113.9", Map.of())));
        Caller session = new Caller("acc", "user", "ann@example.com", Caller.AuthMethod.SESSION, null);
        assertFalse(HealthResource.maySeeDetails(security(session), request("203.0.113.9", Map.of())));
    }

    @Test
    void inKarafTheServerIsNotReadyUntilTheBootFeaturesAreInstalled() {
        assertEquals(Optional.of("DOWN: Karaf is still installing the boot features"),
                HealthResource.bootState(services("org.apache.karaf.features.FeaturesService")));
        assertEquals(Optional.of("UP"), HealthResource.bootState(services(
                "org.apache.karaf.features.FeaturesService", "org.apache.karaf.features.BootFinished")));
        assertEquals(Optional.empty(), HealthResource.bootState(services()));
        assertFalse(HealthResource.isUp(Map.of("io.neuromail.rest", "UP",
                HealthResource.KARAF_BOOT, "DOWN: Karaf is still installing the boot features")));
    }

    /** A bundle context in which exactly the named services are registered. */
    private static BundleContext services(String... registered) {
        Set<String> names = Set.of(registered);
        ServiceReference<?> reference = (ServiceReference<?>) Proxy.newProxyInstance(HealthResourceTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (p, m, a) -> null);
        return (BundleContext) Proxy.newProxyInstance(HealthResourceTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (p, m, a) -> {
                    if (m.getName().equals("getServiceReference") && a[0] instanceof String name) {
                        return names.contains(name) ? reference : null;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private static SecurityContext security(Principal principal) {
        return (SecurityContext) Proxy.newProxyInstance(HealthResourceTest.class.getClassLoader(),
                new Class<?>[] {SecurityContext.class}, (p, m, a) -> m.getName().equals("getUserPrincipal") ? principal : null);
    }

    private static HttpServletRequest request(String remote, Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(HealthResourceTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getRemoteAddr" -> remote;
                    case "getHeader" -> headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase((String) a[0]))
                            .map(Map.Entry::getValue).findFirst().orElse(null);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
