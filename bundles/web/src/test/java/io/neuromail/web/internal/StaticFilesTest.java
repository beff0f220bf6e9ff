package io.neuromail.web.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticFilesTest {

    /** Looks entries up on the test class path, where the real UI files are, and records each lookup. */
    private final List<String> lookups = new ArrayList<>();
    private final StaticFiles files = new StaticFiles(path -> {
        lookups.add(path);
        return StaticFilesTest.class.getClassLoader().getResource(path);
    });

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/index.html"})
    void rootServesIndexHtml(String path) throws IOException {
        StaticFiles.File file = files.find(path).orElseThrow();

        assertEquals("/index.html", file.path());
        assertEquals("text/html; charset=utf-8", file.contentType());
        assertArrayEquals(read("static/index.html"), file.content());
    }

    @Test
    void modulesAreServedAsJavaScript() {
        assertEquals("text/javascript; charset=utf-8", files.find("/assets/js/app.js").orElseThrow().contentType());
        assertEquals("text/css; charset=utf-8", files.find("/assets/css/app.css").orElseThrow().contentType());
    }

    @Test
    void everyBuiltInPageModuleExists() {
        for (String page : List.of("home", "api-keys", "activity", "settings", "login", "signup", "reset-password", "verify-email",
                "invitation", "security")) {
            assertTrue(files.find("/assets/js/pages/" + page + ".js").isPresent(), page);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/assets/../OSGI-INF/openapi.json", "/assets/./js/app.js", "/assets//js/app.js",
            "/assets/js/", "/assets/js", "/assets/js/app", "/assets/js/app.class", "/assets\\js\\app.js",
            "/OSGI-INF/openapi.json", "/io/neuromail/web/internal/UiServlet.class", "/META-INF/MANIFEST.MF",
            "/api/v1/health", "/favicon.ico", "/assets/js/app.js\0.css", "/assets/js/.js"})
    void nothingOutsideTheUiFilesIsServed(String path) {
        assertEquals(Optional.empty(), files.find(path));
    }

    @Test
    void missingFileIsNotFound() {
        assertEquals(Optional.empty(), files.find("/assets/js/missing.js"));
    }

    @Test
    void etagIsStrongAndDiffersBetweenFiles() {
        String index = files.find("/").orElseThrow().etag();
        String app = files.find("/assets/js/app.js").orElseThrow().etag();

        assertTrue(index.matches("\"[0-9a-f]{32}\""), index);
        assertNotEquals(index, app);
        assertEquals(index, files.find("/index.html").orElseThrow().etag());
    }

    private static byte[] read(String resource) throws IOException {
        URL url = StaticFilesTest.class.getClassLoader().getResource(resource);
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void missingPathsAreNotKeptSoRandomRequestsCannotGrowMemory() {
        files.find("/assets/js/app.js").orElseThrow();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(files.find("/assets/missing-" + i + ".js").isEmpty());
        }

        assertEquals(1, files.cached());
        files.find("/assets/missing-1.js");
        assertEquals(2, lookups.stream().filter(p -> p.equals("static/assets/missing-1.js")).count(),
                "a miss is looked up again, not remembered");
    }
}
