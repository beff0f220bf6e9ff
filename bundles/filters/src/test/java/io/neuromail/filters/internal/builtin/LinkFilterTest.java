package io.neuromail.filters.internal.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.neuromail.filter.api.Finding;
import io.neuromail.filter.api.Severity;
import io.neuromail.filters.internal.Configs;
import io.neuromail.filters.internal.Messages;

class LinkFilterTest {

    @TempDir
    Path dir;

    private LinkFilter filter(String blocklist) throws Exception {
        Path file = dir.resolve("blocklist.txt");
        Files.writeString(file, blocklist);
        LinkFilter filter = new LinkFilter();
        filter.configure(Configs.of(LinkFilter.Config.class, Map.of("blocklistFile", file.toString())));
        return filter;
    }

    private static List<Finding> check(LinkFilter filter, String href) {
        return filter.check(Messages.html("<a href=\"" + href + "\">here</a>"));
    }

    @Test
    void blocklistInTheCommonFeedFormats() throws Exception {
        LinkFilter filter = filter("# feed\nplain.test\n*.wild.test\n0.0.0.0 hosts.test # comment\n127.0.0.1 other.test\n||adblock.test^\nhttp://url.test/bad\n");
        for (String href : List.of("https://plain.test/x", "https://a.b.wild.test/", "http://hosts.test", "http://other.test",
                "https://www.adblock.test/", "http://url.test/bad/page")) {
            List<Finding> findings = check(filter, href);
            assertEquals(Severity.BLOCK, findings.get(0).severity(), href);
            assertEquals("links.blocklisted", findings.get(0).ruleId());
        }
        assertEquals(List.of(), check(filter, "http://url.test/good"));
        assertEquals(List.of(), check(filter, "https://notplain.test/"));
    }

    @Test
    void anEditedBlocklistAppliesWithoutRestart() throws Exception {
        LinkFilter filter = filter("plain.test\n");
        assertEquals(List.of(), check(filter, "https://fresh.test/"));
        Path file = dir.resolve("blocklist.txt");
        Files.writeString(file, "plain.test\nfresh.test\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        // the file is looked at again at most once a second: wait for that, with a deadline
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (check(filter, "https://fresh.test/").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals("links.blocklisted", check(filter, "https://fresh.test/").get(0).ruleId());
    }

    @Test
    void structuralRedFlags() throws Exception {
        LinkFilter filter = filter("");
        assertEquals("links.ip-host", check(filter, "http://192.168.10.4/login").get(0).ruleId());
        assertEquals("links.ip-host", check(filter, "http://3232235777/").get(0).ruleId());
        assertEquals(Severity.BLOCK, check(filter, "javascript:alert(1)").get(0).severity());
        assertEquals(Severity.BLOCK, check(filter, " JavaScript :alert(1)".replace(" :", ":")).get(0).severity());
        assertEquals("links.data", check(filter, "data:text/html;base64,PHNjcmlwdD4=").get(0).ruleId());
        assertEquals("links.credentials", check(filter, "https://www.bank.example@evil.example/").get(0).ruleId());
        assertEquals("links.redirect", check(filter, "https://t.example/r?u=https://next.example/").get(0).ruleId());
        assertEquals(0.5, check(filter, "https://t.example/r?u=https://next.example/").get(0).score(),
                "click tracking passes the target on too: one newsletter in sixteen has such a link, one spam in eighty");
        assertEquals("links.redirect-chain",
                check(filter, "https://t.example/r?u=https%3A%2F%2Fnext.example%2Fgo%3Fto%3Dhttps%253A%252F%252Flast.example").get(0).ruleId());
        assertEquals(List.of(), check(filter, "https://shop.example/product?id=42&ref=mail"));
    }

    @Test
    void aScriptLinkThatOnlyCallsThePagesOwnFunctionDoesNotBlock() throws Exception {
        LinkFilter filter = filter("");
        for (String href : List.of("javascript:popUp('profile.cfm?newsID=95027')", "javascript: rs('ss','http://story.example/news?p=1',750,580)",
                "javascript:openMap('pol');", "javascript:void(0)")) {
            Finding f = check(filter, href).get(0);
            assertEquals("links.script-call", f.ruleId(), href);
            assertEquals(Severity.INFO, f.severity(), href);
        }
        for (String href : List.of("javascript:alert(1)", "javascript:window.open('http://evil.example/')", "javascript:eval(atob('YQ=='))",
                "javascript:document.location='http://evil.example/'", "javascript:f('a'+document.cookie)", "javascript:open('x')")) {
            assertEquals(Severity.BLOCK, check(filter, href).get(0).severity(), href);
        }
    }

    @Test
    void aSignalOnManyLinksScoresOnce() throws Exception {
        LinkFilter filter = filter("");
        List<Finding> findings = filter.check(Messages.html("<a href='http://192.168.1.1/a'>a</a> <a href='http://192.168.1.2/b'>b</a>"));
        assertEquals(List.of(3.0, 0.0), findings.stream().map(Finding::score).toList());
        assertTrue(findings.stream().allMatch(Finding::dangerous));
    }

    @Test
    void blocklistParsing() {
        Blocklist list = Blocklist.parse(List.of("0.0.0.0 a.test b.test", "localhost", "127.0.0.1 localhost"));
        assertEquals("a.test", list.listedDomain("x.a.test"));
        assertNull(list.listedDomain("localhost"));
    }

    @Test
    void aLinkLongerThan8KbIsAFindingAndNotAnalysedFurther() throws Exception {
        LinkFilter filter = filter("evil.example\n");
        String query = "?u=https://a.example/?" + ";".repeat(LinkFilter.MAX_URL_CHARS);

        List<Finding> safe = check(filter, "https://news.example.org/" + query);
        assertEquals(List.of("links.too-long"), safe.stream().map(Finding::ruleId).toList());
        assertEquals(Severity.WARN, safe.get(0).severity());

        List<Finding> listed = check(filter, "https://www.evil.example/" + query);
        assertEquals(List.of("links.too-long", "links.blocklisted"), listed.stream().map(Finding::ruleId).toList());
    }

    @Test
    void redirectParametersAreFoundByOneScan() {
        assertEquals(1, LinkFilter.redirects("https://a.example/?x=1&next=https://b.example/"));
        assertEquals(1, LinkFilter.redirects("https://a.example/?;;;;go=//b.example/"));
        assertEquals(0, LinkFilter.redirects("https://a.example/?" + ";".repeat(100_000)));
        assertEquals(2, LinkFilter.redirects("https://a.example/?u=https%3A%2F%2Fb.example%2F%3Fv%3Dwww.c.example"));
        assertEquals(-1, LinkFilter.addressValue("?a=b&c&d=e"));
        assertEquals(3, LinkFilter.addressValue("?a=WWW.b.example"));
    }
}
