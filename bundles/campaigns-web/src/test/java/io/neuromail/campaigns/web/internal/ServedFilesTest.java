package io.neuromail.campaigns.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The files the bundle serves: what the whiteboard registrations (written by bnd into the component
 * descriptions) map, that the page modules keep to the page rules, and that the CodeMirror files
 * copied from the webjar are there and use nothing the Content-Security-Policy forbids.
 */
class ServedFilesTest {

    private static final Path CLASSES = Path.of("target", "classes");
    private static final Pattern STATIC_IMPORT = Pattern.compile("(?m)^\\s*(?:import|export)\\b[^'\"]*?from\\s+'([^']+)'");
    private static final Pattern DYNAMIC_IMPORT = Pattern.compile("\\bimport\\(\\s*'([^']+)'\\s*\\)");
    private static final Pattern FORBIDDEN_IN_PAGES = Pattern.compile(
            "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function\\(|\\.style\\b|'style'|srcdoc|\\bon[a-z]+:\\s*['\"]|setAttribute\\('on");
    /** What would need 'unsafe-inline' or 'unsafe-eval', or parse markup, in the editor's files. */
    private static final Pattern FORBIDDEN_IN_EDITOR = Pattern.compile(
            "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function\\(|createElement\\([\"']style[\"']\\)"
                    + "|setAttribute\\([\"']style[\"']|setAttribute\\([\"']on");
    /**
     * Lines that match but do no harm: CodeMirror's copy-event probe sets an inline handler only in
     * browsers whose elements lack {@code oncopy} (none that runs ES modules), and it never runs it.
     */
    private static final List<String> HARMLESS_IN_EDITOR = List.of("e.setAttribute(\"oncopy\", \"return;\");");
    /** The editor files the modules load, as served paths below /ui/campaigns/codemirror/. */
    private static final List<String> EDITOR_FILES = List.of("lib/codemirror.js", "lib/codemirror.css", "mode/xml/xml.js",
            "mode/javascript/javascript.js", "mode/css/css.js", "mode/htmlmixed/htmlmixed.js", "LICENSE");

    @Test
    void thePageComponentServesTheResourceFolderAtTheUiPath() throws IOException {
        String xml = descriptor("CampaignsPage");
        assertTrue(xml.contains("name=\"osgi.http.whiteboard.resource.pattern\"") && xml.contains("/ui/campaigns/*"), xml);
        assertTrue(xml.contains("name=\"osgi.http.whiteboard.resource.prefix\"") && xml.contains("value=\"/campaigns-ui\""), xml);
        assertTrue(xml.contains("<provide interface=\"io.neuromail.web.api.NavigationEntry\"/>"), xml);
    }

    @Test
    void theEditorIsServedFromTheWebjarFilesInsideTheBundle() throws IOException {
        String xml = descriptor("CodeMirrorFiles");
        assertTrue(xml.contains("/ui/campaigns/codemirror/*"), xml);
        assertTrue(xml.contains("value=\"/META-INF/resources/webjars/codemirror/" + CodeMirrorFiles.VERSION + "\""), xml);
        for (String file : EDITOR_FILES) {
            assertNotNull(ServedFilesTest.class.getResource(CodeMirrorFiles.RESOURCES + "/" + file),
                    "the bundle holds " + file + " of CodeMirror " + CodeMirrorFiles.VERSION + " (bnd.bnd and the pom name the same version)");
        }
    }

    @Test
    void theEditorUsesNothingTheContentSecurityPolicyForbids() throws IOException {
        List<String> offences = new ArrayList<>();
        for (String file : EDITOR_FILES.stream().filter(f -> f.endsWith(".js")).toList()) {
            try (InputStream in = ServedFilesTest.class.getResourceAsStream(CodeMirrorFiles.RESOURCES + "/" + file)) {
                assertNotNull(in, file);
                String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
                for (int i = 0; i < lines.length; i++) {
                    if (FORBIDDEN_IN_EDITOR.matcher(lines[i]).find() && !HARMLESS_IN_EDITOR.contains(lines[i].strip())) {
                        offences.add(file + ":" + (i + 1) + ": " + lines[i].strip());
                    }
                }
            }
        }
        assertTrue(offences.isEmpty(), String.join("\n", offences));
    }

    @Test
    void everyImportIsAServedSiblingOrTheEditor() throws IOException {
        int editorImports = 0;
        for (Path module : modules()) {
            String source = Files.readString(module, StandardCharsets.UTF_8);
            Matcher m = STATIC_IMPORT.matcher(source);
            while (m.find()) {
                String target = m.group(1);
                assertTrue(target.startsWith("./") && !target.contains(".."), module + " imports " + target);
                assertNotNull(resource(target.substring(2)), module + " imports the missing " + target);
            }
            Matcher d = DYNAMIC_IMPORT.matcher(source);
            while (d.find()) {
                String target = d.group(1);
                assertTrue(target.startsWith("./codemirror/") && !target.contains(".."), module + " imports " + target);
                String file = target.substring("./codemirror/".length());
                assertTrue(EDITOR_FILES.contains(file), module + " imports " + target + ", which the bundle does not hold");
                editorImports++;
            }
        }
        assertEquals(5, editorImports, "the editor module loads the core and four modes");
    }

    @Test
    void noModuleParsesMarkupOrSetsInlineStylesOrHandlers() throws IOException {
        List<String> offences = new ArrayList<>();
        for (Path module : modules()) {
            List<String> lines = Files.readAllLines(module, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (FORBIDDEN_IN_PAGES.matcher(lines.get(i)).find()) {
                    offences.add(module.getFileName() + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertTrue(offences.isEmpty(), String.join("\n", offences));
    }

    @Test
    void theStylesheetImportsNothingExternal() throws IOException {
        try (InputStream in = resource("campaigns.css")) {
            assertNotNull(in);
            String css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertFalse(css.contains("@import") || css.contains("url("), "no external styles, fonts or images");
        }
    }

    @Test
    void theServedFolderHoldsOnlyModulesAndTheStylesheet() throws IOException {
        try (Stream<Path> files = Files.list(CLASSES.resolve("campaigns-ui"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of(), names.stream().filter(n -> !n.endsWith(".js") && !n.endsWith(".css")).toList(), names.toString());
        }
    }

    private static String descriptor(String component) throws IOException {
        Path path = CLASSES.resolve("OSGI-INF/io.neuromail.campaigns.web.internal." + component + ".xml");
        assertTrue(Files.exists(path), "bnd wrote " + path);
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    private static InputStream resource(String name) {
        return ServedFilesTest.class.getResourceAsStream(CampaignsPage.RESOURCES + "/" + name);
    }

    private static List<Path> modules() throws IOException {
        try (Stream<Path> files = Files.list(CLASSES.resolve("campaigns-ui"))) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".js")).sorted().toList();
            assertFalse(list.isEmpty());
            return list;
        }
    }
}
