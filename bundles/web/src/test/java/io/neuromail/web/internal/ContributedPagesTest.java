package io.neuromail.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The page contract, checked on the sources of every other bundle's UI modules (any {@code .js}
 * under a {@code src/main/resources} outside this bundle): a page reaches the server only through
 * the {@code ctx} the shell hands it, and imports only its own bundle's modules. So no page calls
 * {@code fetch} (or another transport) itself, writes an {@code /api/} address of its own, or
 * imports the shell's private modules ({@code /assets/js/...}) or another bundle's; and none uses
 * what the Content-Security-Policy forbids or what parses markup.
 * <p>
 * A failure names the file and line.
 */
class ContributedPagesTest {

    /** The folder holding every bundle's module: this test runs in {@code bundles/web}. */
    private static final Path BUNDLES = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
    private static final Path THIS_BUNDLE = BUNDLES.resolve("web");

    /** Static imports and re-exports: {@code import x from '...'}, {@code import '...'}, {@code export ... from '...'}. */
    private static final Pattern STATIC_IMPORT = Pattern.compile(
            "^\\s*(?:import|export)\\b[^'\"`;]*?['\"]([^'\"]+)['\"]");
    private static final Pattern DYNAMIC_IMPORT = Pattern.compile("\\bimport\\s*\\(\\s*(?:(['\"])([^'\"]*)\\1)?");
    private static final Pattern OWN_TRANSPORT = Pattern.compile(
            "\\bfetch\\s*\\(|XMLHttpRequest|\\bEventSource\\b|\\bWebSocket\\b|sendBeacon|['\"`]/api/");
    private static final Pattern CSP_OR_MARKUP = Pattern.compile(
            "\\beval\\s*\\(|new\\s+Function\\s*\\(|innerHTML|outerHTML|insertAdjacentHTML|document\\.write"
                    + "|setTimeout\\s*\\(\\s*['\"`]|setInterval\\s*\\(\\s*['\"`]");
    private static final Pattern COMMENT_LINE = Pattern.compile("^\\s*(?://|/?\\*)");

    @Test
    void everyContributedModuleReachesTheServerOnlyThroughCtxAndImportsOnlyItsOwnBundle() throws IOException {
        Map<String, List<String>> unexpected = offences();
        assertTrue(unexpected.isEmpty(), () -> "UI modules that bypass the shell's ctx or import another bundle's modules "
                + "(pages get ctx.api, ctx.ApiError and ctx.ui; see bundles/web/README.md, \"The page contract\"):\n"
                + describe(unexpected));
    }

    @Test
    void theScanFindsTheContributedPages() throws IOException {
        List<String> modules = modules().stream().map(this::name).toList();
        // The contacts pages, the content check and the campaign pages are contributed pages; if the scan misses them it checks nothing.
        assertTrue(modules.contains("contacts-web/src/main/resources/contacts-ui/import.js"), modules.toString());
        assertTrue(modules.contains("filters/src/main/resources/content-ui/page.js"), modules.toString());
        assertTrue(modules.contains("campaigns-web/src/main/resources/campaigns-ui/editor.js"), modules.toString());
        assertFalse(modules.stream().anyMatch(m -> m.startsWith("web/")), modules.toString());
    }

    @Test
    void theRulesCatchWhatTheyAreFor() {
        Path module = BUNDLES.resolve("example/src/main/resources/example-ui/page.js");
        assertEquals(List.of(), check(module, List.of(
                "import { helpers } from './common.js';",
                "import './sub/part.js';",
                "// fetch('/api/v1/x') in a comment is no call",
                "const answer = await ctx.api.upload('/contacts/imports', file, { contentType: 'text/csv' });")));
        List<String> found = check(module, List.of(
                "import { ApiError, API_BASE } from '/assets/js/api.js';",
                "import { el } from \"../../other-ui/dom.js\";",
                "export { x } from 'https://cdn.example/x.js';",
                "const m = await import(name);",
                "const response = await fetch(`${API_BASE}/content/check`, {",
                "const link = '/api/v1/contacts/export';",
                "node.innerHTML = text;"));
        assertEquals(7, found.size(), String.join("\n", found));
    }

    private Map<String, List<String>> offences() throws IOException {
        Map<String, List<String>> offences = new TreeMap<>();
        for (Path module : modules()) {
            List<String> found = check(module, Files.readAllLines(module, StandardCharsets.UTF_8));
            if (!found.isEmpty()) {
                offences.put(name(module), found);
            }
        }
        return offences;
    }

    /** What breaks the rules in {@code lines} of {@code module}, as "line: text — why". */
    private static List<String> check(Path module, List<String> lines) {
        Path root = resourceFolder(module);
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (COMMENT_LINE.matcher(line).find()) {
                continue;
            }
            String where = (i + 1) + ": " + line.strip() + " — ";
            Matcher imports = STATIC_IMPORT.matcher(line);
            if (imports.find() && !ownModule(module, root, imports.group(1))) {
                found.add(where + "imports a module that is not its own bundle's");
            }
            Matcher dynamic = DYNAMIC_IMPORT.matcher(line);
            while (dynamic.find()) {
                if (dynamic.group(2) == null || !ownModule(module, root, dynamic.group(2))) {
                    found.add(where + "imports a module that is not (visibly) its own bundle's");
                }
            }
            if (OWN_TRANSPORT.matcher(line).find()) {
                found.add(where + "reaches the server itself: use ctx.api (get, post, put, patch, del, upload, getText, url)");
            }
            if (CSP_OR_MARKUP.matcher(line).find()) {
                found.add(where + "parses markup or evaluates strings, which the page rules and the CSP forbid");
            }
        }
        return found;
    }

    /** A relative specifier that stays inside the folder the module is served from. */
    private static boolean ownModule(Path module, Path root, String specifier) {
        if (!specifier.startsWith("./") && !specifier.startsWith("../")) {
            return false;
        }
        Path target = module.getParent().resolve(specifier).normalize();
        return target.startsWith(root) && !target.equals(root);
    }

    /** The top folder under src/main/resources holding the module, e.g. .../resources/contacts-ui. */
    private static Path resourceFolder(Path module) {
        Path path = module.normalize();
        for (int i = 0; i + 2 < path.getNameCount(); i++) {
            if (path.getName(i).toString().equals("src") && path.getName(i + 1).toString().equals("main")
                    && path.getName(i + 2).toString().equals("resources")) {
                Path root = path.getRoot() == null ? Path.of("") : path.getRoot();
                return root.resolve(path.subpath(0, Math.min(i + 4, path.getNameCount() - 1)));
            }
        }
        return module.getParent();
    }

    private List<Path> modules() throws IOException {
        assertTrue(Files.isDirectory(THIS_BUNDLE), "the test runs in bundles/web, not " + Path.of("").toAbsolutePath());
        try (Stream<Path> files = Files.walk(BUNDLES)) {
            return files.filter(p -> p.toString().endsWith(".js") || p.toString().endsWith(".mjs"))
                    .filter(p -> !p.startsWith(THIS_BUNDLE))
                    .filter(p -> p.toString().contains("/src/main/resources/"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .sorted()
                    .toList();
        }
    }

    private String name(Path module) {
        return BUNDLES.relativize(module).toString().replace('\\', '/');
    }

    private static String describe(Map<String, List<String>> offences) {
        StringBuilder text = new StringBuilder();
        offences.forEach((file, lines) -> lines.forEach(line -> text.append(file).append(':').append(line).append('\n')));
        return text.toString();
    }
}
