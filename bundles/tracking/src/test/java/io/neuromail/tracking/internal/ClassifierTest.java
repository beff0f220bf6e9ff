package io.neuromail.tracking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.neuromail.delivery.api.TrackingLinks;

/**
 * The machine rules on real user agents. People's come from ua-parser's test corpus
 * (github.com/ua-parser/uap-core, tests/test_ua.yaml, Apache-2.0); machines' from the instances of
 * github.com/monperrus/crawler-user-agents (MIT), the source of the bot list.
 */
class ClassifierTest {

    static final String OUTLOOK = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.6326; Pro)";
    static final String THUNDERBIRD = "Mozilla/5.0 (X11; Linux x86_64; rv:24.0) Gecko/20100101 Thunderbird/24.2.0 Lightning/2.6.4";
    static final String APPLE_MAIL = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_2) AppleWebKit/536.26.14 (KHTML, like Gecko)";
    static final String CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_6) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/60.0.3112.78 Safari/537.36";
    static final String EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/42.0.2311.135 Safari/537.36 Edge/12.9600";
    static final String IPHONE = "Mozilla/5.0 (iPod; U; CPU iPhone OS 4_3_2 like Mac OS X; en-us) AppleWebKit/533.17.9 "
            + "(KHTML, like Gecko) Version/5.0.2 Mobile/8H7 Safari/6533.18.5";
    static final String ANDROID_CHROME = "Mozilla/5.0 (Linux; Android 4.2; Galaxy Nexus Build/JOP40C) AppleWebKit/535.19 "
            + "(KHTML, like Gecko) Chrome/18.0.1025.166 Mobile Safari/535.19";
    static final String GMAIL_PROXY = "Firefox/11.0 (via ggpht.com GoogleImageProxy)";
    static final String YAHOO_PROXY = "YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html";

    static final List<String> MACHINES = List.of(
            "curl",
            "python-requests/2.9.2",
            "Go-http-client/1.1",
            "okhttp/2.5.0",
            "Apache-HttpClient/4.2.3 (java 1.5)",
            "Googlebot/2.1 (+http://www.google.com/bot.html)",
            "Mozilla/5.0 (Windows Phone 8.1; ARM; Trident/7.0; Touch; rv:11.0; IEMobile/11.0; NOKIA; Lumia 530) like Gecko "
                    + "(compatible; adidxbot/2.0; +http://www.bing.com/bingbot.htm)",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/74.0.3729.169 Safari/537.36");

    static final Substrings BOTS = load();

    private static Substrings load() {
        try {
            return HitRecorder.bots("");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    final Classifier classifier = new Classifier(BOTS, 2000);
    static final long SENT = 1_000_000L;

    static RawHit open(long at, String ua, String client) {
        return new RawHit(new TrackingLinks.Hit("a1", "s1", "d1", true, 0, null, 3), at, client, ua, false);
    }

    static RawHit click(long at, int link, int links, String ua) {
        return new RawHit(new TrackingLinks.Hit("a1", "s1", "d1", false, link,
                link == TrackingLinks.HONEYPOT ? null : "https://shop.example/" + link, links), at, "198.51.100.7", ua, false);
    }

    private Classifier.Verdict alone(RawHit hit) {
        return classifier.classify(hit, SENT, List.of(hit));
    }

    @Test
    void theBuiltInListIsTheCrawlerListAndTheScanners() {
        assertTrue(BOTS.size() > 1000, "entries: " + BOTS.size());
    }

    @Test
    void peopleInMailClientsAndBrowsersAreHuman() {
        for (String ua : List.of(OUTLOOK, THUNDERBIRD, APPLE_MAIL, CHROME, EDGE, IPHONE, ANDROID_CHROME)) {
            assertEquals(Classifier.Verdict.HUMAN, alone(open(SENT + 60_000, ua, "198.51.100.7")), ua);
            assertEquals(Classifier.Verdict.HUMAN, alone(click(SENT + 60_000, 1, 3, ua)), ua);
        }
    }

    @Test
    void crawlersHttpLibrariesAndHeadlessBrowsersAreBots() {
        for (String ua : MACHINES) {
            assertEquals(Classifier.BOT, alone(open(SENT + 60_000, ua, "198.51.100.7")).machine(), ua);
            assertEquals(Classifier.BOT, alone(click(SENT + 60_000, 1, 3, ua)).machine(), ua);
        }
    }

    @Test
    void gmailAndYahooImageProxiesArePeopleFlaggedProxied() {
        for (String ua : List.of(GMAIL_PROXY, YAHOO_PROXY)) {
            Classifier.Verdict v = alone(open(SENT + 60_000, ua, "66.249.84.1"));
            assertNull(v.machine(), ua);
            assertTrue(v.proxied(), ua);
        }
    }

    @Test
    void appleMailPrivacyProtectionByItsBareUserAgentOrItsNetwork() {
        assertEquals(Classifier.APPLE_MPP, alone(open(SENT + 60_000, "Mozilla/5.0", "198.51.100.7")).machine());
        assertEquals(Classifier.APPLE_MPP, alone(open(SENT + 60_000, APPLE_MAIL, "17.58.63.1")).machine());
        assertEquals(Classifier.APPLE_MPP, alone(open(SENT + 60_000, APPLE_MAIL, "::ffff:17.58.63.1")).machine());
        assertNull(alone(open(SENT + 60_000, APPLE_MAIL, "170.58.63.1")).machine());
        assertNull(alone(click(SENT + 60_000, 1, 3, "Mozilla/5.0")).machine(), "a click is not prefetched");
    }

    @Test
    void headRequestsAreMachines() {
        RawHit head = new RawHit(open(SENT + 60_000, CHROME, "198.51.100.7").hit(), SENT + 60_000, "198.51.100.7", CHROME, true);
        assertEquals(Classifier.HEAD, alone(head).machine());
    }

    @Test
    void prefetchesAreMachines() {
        RawHit prefetch = new RawHit(open(SENT + 60_000, CHROME, "198.51.100.7").hit(), SENT + 60_000, "198.51.100.7", CHROME,
                false, true);
        assertEquals(Classifier.PREFETCH, alone(prefetch).machine());
        assertTrue(HitEndpoint.prefetch("prefetch"));
        assertTrue(HitEndpoint.prefetch("prefetch;prerender"));
        assertTrue(HitEndpoint.prefetch("Prefetch"));
        assertFalse(HitEndpoint.prefetch(null));
        assertFalse(HitEndpoint.prefetch("preview"));
        assertFalse(HitEndpoint.prefetch("x".repeat(100) + "prefetch"), "a long value is not a browser's");
    }

    @Test
    void anOpenWithinTheTooSoonWindowOfSendingIsAMachine() {
        assertEquals(Classifier.TOO_SOON, alone(open(SENT + 1999, OUTLOOK, "198.51.100.7")).machine());
        assertNull(alone(open(SENT + 2000, OUTLOOK, "198.51.100.7")).machine());
        assertNull(classifier.classify(open(SENT + 10, OUTLOOK, "198.51.100.7"), null, List.of()).machine(),
                "no sending time known");
    }

    @Test
    void clicksOnEveryLinkWithinASecondAreMachineFromTheFirst() {
        List<RawHit> burst = List.of(click(SENT + 60_000, 1, 2, CHROME), click(SENT + 60_400, 2, 2, CHROME));
        for (RawHit hit : burst) {
            assertEquals(Classifier.ALL_LINKS, classifier.classify(hit, SENT, burst).machine());
        }
        List<RawHit> slow = List.of(click(SENT + 60_000, 1, 2, CHROME), click(SENT + 61_500, 2, 2, CHROME));
        for (RawHit hit : slow) {
            assertNull(classifier.classify(hit, SENT, slow).machine(), "a person clicking both links");
        }
        List<RawHit> same = List.of(click(SENT + 60_000, 1, 2, CHROME), click(SENT + 60_200, 1, 2, CHROME));
        assertNull(classifier.classify(same.get(0), SENT, same).machine(), "a double click on one link");
    }

    @Test
    void threeDistinctLinksWithinASecondAreMachine() {
        List<RawHit> burst = new ArrayList<>();
        for (int link = 1; link <= 3; link++) {
            burst.add(click(SENT + 60_000 + link * 300L, link, 10, CHROME));
        }
        for (RawHit hit : burst) {
            assertEquals(Classifier.ALL_LINKS, classifier.classify(hit, SENT, burst).machine());
        }
        List<RawHit> two = burst.subList(0, 2);
        assertNull(classifier.classify(two.get(0), SENT, two).machine(), "2 of 10 links");
    }

    @Test
    void burstsFoundInOnePassAreThoseOfEveryWindowCheckedOneByOne() {
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 200; round++) {
            int links = 1 + random.nextInt(5);
            List<RawHit> hits = new ArrayList<>();
            for (int i = 0, n = random.nextInt(12); i < n; i++) {
                hits.add(click(SENT + 60_000 + random.nextInt(3000), 1 + random.nextInt(links), links, CHROME));
            }
            Classifier.Neighbours neighbours = Classifier.Neighbours.of(hits);
            for (RawHit hit : hits) {
                assertEquals(inBurstOneByOne(hit, hits), neighbours.inBurstOfAllLinks(hit), "round " + round + ": " + hits);
            }
        }
    }

    /** The burst rule as written: some window of a second, starting at a click, holding this one, that covers enough links. */
    private static boolean inBurstOneByOne(RawHit hit, List<RawHit> all) {
        for (RawHit start : all) {
            if (start.at() > hit.at() || start.at() < hit.at() - Classifier.BURST_MILLIS) {
                continue;
            }
            java.util.Set<Integer> distinct = new java.util.HashSet<>();
            for (RawHit other : all) {
                if (other.at() >= start.at() && other.at() <= start.at() + Classifier.BURST_MILLIS) {
                    distinct.add(other.hit().link());
                }
            }
            if (distinct.size() >= 3 || (hit.hit().links() >= 2 && distinct.size() >= hit.hit().links())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aHundredThousandHitsOnOneMessageAreClassifiedInLinearithmicTime() {
        List<RawHit> flood = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            flood.add(i % 2 == 0 ? open(SENT + 60_000 + i / 10, CHROME, "198.51.100.7")
                    : click(SENT + 60_000 + i / 10, 1 + i % 3, 3, CHROME));
        }
        long start = System.nanoTime();
        Classifier.Neighbours neighbours = Classifier.Neighbours.of(flood);
        int machines = 0;
        for (RawHit hit : flood) {
            machines += classifier.classify(hit, SENT, neighbours).machine() == null ? 0 : 1;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(50_000, machines, "every click is in a burst of all three links; the opens are people's");
        assertTrue(millis < 5_000, "took " + millis + " ms");
    }

    @Test
    void theHiddenLinkAndEverythingOfItsMessageWithinASecond() {
        RawHit before = open(SENT + 59_500, CHROME, "198.51.100.7");
        RawHit honeypot = click(SENT + 60_000, TrackingLinks.HONEYPOT, 3, CHROME);
        RawHit after = click(SENT + 60_900, 2, 3, CHROME);
        RawHit later = click(SENT + 61_200, 2, 3, CHROME);
        List<RawHit> all = List.of(before, honeypot, after, later);
        assertEquals(Classifier.HONEYPOT, classifier.classify(honeypot, SENT, all).machine());
        assertEquals(Classifier.HONEYPOT, classifier.classify(before, SENT, all).machine());
        assertEquals(Classifier.HONEYPOT, classifier.classify(after, SENT, all).machine());
        assertNull(classifier.classify(later, SENT, all).machine());
    }

    @Test
    void substringsMatchAnywhereIgnoringCaseAndOverlapping() {
        Substrings s = new Substrings(List.of("abcd", "bcx", "Barracuda"));
        assertTrue(s.foundIn("zzabcxzz"), "after a failed longer match");
        assertTrue(s.foundIn("scanned by BARRACUDA networks"));
        assertFalse(s.foundIn("abc bc"));
        assertFalse(s.foundIn(null));
        assertFalse(new Substrings(List.of()).foundIn("anything"));
    }
}
