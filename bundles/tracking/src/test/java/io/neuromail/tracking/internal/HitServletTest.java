package io.neuromail.tracking.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.imageio.ImageIO;
import javax.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

import io.neuromail.delivery.api.TrackingLinks;

/**
 * The open pixel and click addresses: status codes and headers, no session or cookie, {@code 404} and
 * no event for anything delivery does not resolve, never a redirect to anything but the stored target.
 * The request and response are proxies that fail on any call not listed, so a session or a cookie
 * would fail the test.
 */
class HitServletTest {

    static final TrackingLinks.Hit OPEN = new TrackingLinks.Hit("a1", "s1", "d1", true, 0, null, 2);
    static final TrackingLinks.Hit CLICK = new TrackingLinks.Hit("a1", "s1", "d1", false, 1, "https://shop.example/spring?x=1", 2);
    static final TrackingLinks.Hit HIDDEN = new TrackingLinks.Hit("a1", "s1", "d1", false, TrackingLinks.HONEYPOT, null, 2);

    final Fakes.Tracking links = new Fakes.Tracking().add("open.tok-1", OPEN).add("click_tok.2", CLICK)
            .add("hidden3", HIDDEN)
            .add("javascript4", new TrackingLinks.Hit("a1", "s1", "d1", false, 2, "javascript:alert(1)", 2))
            .add("split5", new TrackingLinks.Hit("a1", "s1", "d1", false, 2, "https://a.example/\r\nSet-Cookie: x=1", 2));
    final List<RawHit> queued = new ArrayList<>();
    final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    final HitRecorder recorder = new HitRecorder(links, events -> { }, new Classifier(new Substrings(List.of()), 2000),
            TrackingConfig.IpStorage.truncated, 100, clock::get) {
        @Override
        boolean offer(RawHit hit) {
            queued.add(hit);
            return true;
        }
    };
    final HitServlet servlet = new HitServlet(links, recorder, (remote, forwarded) ->
            remote.equals("127.0.0.1") && forwarded != null ? forwarded.strip() : remote, clock::get);

    @Test
    void thePixelIsATransparentGifNoCacheKeeps() throws Exception {
        UnsubscribeServletTest.Recorded r = call("GET", TrackingLinks.OPEN_PATH, "/open.tok-1", Map.of("User-Agent", ClassifierTest.OUTLOOK));
        assertEquals(200, r.status);
        assertEquals("image/gif", r.headers.get("Content-Type"));
        assertEquals("no-store, no-cache, must-revalidate, private", r.headers.get("Cache-Control"));
        assertEquals("no-cache", r.headers.get("Pragma"));
        assertEquals("0", r.headers.get("Expires"));
        assertEquals(43, r.out.size());
        assertEquals(43, r.contentLength);
        assertArrayEquals(HitEndpoint.gif(), r.out.toByteArray());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.out.toByteArray()));
        assertEquals(1, image.getWidth());
        assertEquals(1, image.getHeight());
        assertEquals(0, image.getRGB(0, 0) >>> 24, "fully transparent");

        assertEquals(1, queued.size());
        RawHit hit = queued.get(0);
        assertEquals(OPEN, hit.hit());
        assertEquals(clock.get(), hit.at());
        assertEquals(ClassifierTest.OUTLOOK, hit.userAgent());
        assertEquals("198.51.100.9", hit.client());
        assertTrue(!hit.head());
    }

    @Test
    void headAnswersTheSameWithoutABodyAndIsRecordedAsHead() throws Exception {
        UnsubscribeServletTest.Recorded r = call("HEAD", TrackingLinks.OPEN_PATH, "/open.tok-1", Map.of());
        assertEquals(200, r.status);
        assertEquals(0, r.out.size());
        assertEquals(43, r.contentLength);
        UnsubscribeServletTest.Recorded c = call("HEAD", TrackingLinks.CLICK_PATH, "/click_tok.2", Map.of());
        assertEquals(302, c.status);
        assertEquals(CLICK.target(), c.headers.get("Location"));
        assertEquals(2, queued.size());
        assertTrue(queued.get(0).head() && queued.get(1).head());
    }

    @Test
    void aPrefetchIsAnsweredAndRecordedAsOne() throws Exception {
        assertEquals(200, call("GET", TrackingLinks.OPEN_PATH, "/open.tok-1", Map.of("Sec-Purpose", "prefetch")).status);
        assertEquals(200, call("GET", TrackingLinks.OPEN_PATH, "/open.tok-1", Map.of("Purpose", "prefetch")).status);
        assertEquals(200, call("GET", TrackingLinks.OPEN_PATH, "/open.tok-1", Map.of()).status);
        assertEquals(List.of(true, true, false), queued.stream().map(RawHit::prefetch).toList());
    }

    @Test
    void aClickRedirectsToTheStoredTargetOnly() throws Exception {
        UnsubscribeServletTest.Recorded r = call("GET", TrackingLinks.CLICK_PATH, "/click_tok.2", Map.of("User-Agent", ClassifierTest.CHROME));
        assertEquals(302, r.status);
        assertEquals(CLICK.target(), r.headers.get("Location"));
        assertEquals("no-store", r.headers.get("Cache-Control"));
        assertEquals("no-referrer", r.headers.get("Referrer-Policy"));
        assertEquals(0, r.out.size());
        assertEquals(List.of(CLICK), queued.stream().map(RawHit::hit).toList());
    }

    @Test
    void theHiddenLinkIsRecordedAndAnsweredAsNotInUse() throws Exception {
        UnsubscribeServletTest.Recorded r = call("GET", TrackingLinks.CLICK_PATH, "/hidden3", Map.of());
        assertEquals(200, r.status);
        assertNull(r.headers.get("Location"));
        assertEquals("This link is not in use.\n", r.body());
        assertEquals(List.of(HIDDEN), queued.stream().map(RawHit::hit).toList());
    }

    @Test
    void anythingDeliveryDoesNotResolveIsA404PageAndNoEvent() throws Exception {
        List<String[]> bad = List.of(
                new String[] {TrackingLinks.CLICK_PATH, "/click_tok.3"},            // altered
                new String[] {TrackingLinks.CLICK_PATH, "/click_tok."},             // truncated
                new String[] {TrackingLinks.CLICK_PATH, "/click_tok.2/extra"},      // more path
                new String[] {TrackingLinks.CLICK_PATH, "/"},
                new String[] {TrackingLinks.CLICK_PATH, null},
                new String[] {TrackingLinks.CLICK_PATH, "/" + "a".repeat(201)},     // over the cap
                new String[] {TrackingLinks.CLICK_PATH, "/click%20tok"},
                new String[] {TrackingLinks.CLICK_PATH, "/open.tok-1"},             // a pixel's token
                new String[] {TrackingLinks.OPEN_PATH, "/click_tok.2"},             // a link's token
                new String[] {TrackingLinks.CLICK_PATH, "/javascript4"},            // not http(s)
                new String[] {TrackingLinks.CLICK_PATH, "/split5"});                // a line break
        for (String[] b : bad) {
            UnsubscribeServletTest.Recorded r = call("GET", b[0], b[1], Map.of());
            assertEquals(404, r.status, b[0] + b[1]);
            assertNull(r.headers.get("Location"), b[1]);
            assertTrue(r.body().contains("data-state=\"invalid\""), r.body());
            assertEquals(Pages.CSP, r.headers.get("Content-Security-Policy"));
        }
        assertEquals(List.of(), queued);
    }

    @Test
    void otherMethodsAre405WithAllow() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS")) {
            UnsubscribeServletTest.Recorded r = call(method, TrackingLinks.CLICK_PATH, "/click_tok.2", Map.of());
            assertEquals(405, r.status);
            assertEquals("GET, HEAD", r.headers.get("Allow"));
        }
        assertEquals(List.of(), queued);
    }

    @Test
    void aLongUserAgentIsCappedBeforeItIsQueued() throws Exception {
        call("GET", TrackingLinks.OPEN_PATH, "/open.tok-1", Map.of("User-Agent", "x".repeat(5000)));
        assertEquals(300, queued.get(0).userAgent().length());
    }

    @Test
    void aFullQueueStillAnswersAndCountsTheLoss() throws Exception {
        HitRecorder small = new HitRecorder(links, events -> { }, new Classifier(new Substrings(List.of()), 2000),
                TrackingConfig.IpStorage.truncated, 2, clock::get);
        HitServlet full = new HitServlet(links, small, (remote, forwarded) -> remote, clock::get);
        for (int i = 0; i < 5; i++) {
            UnsubscribeServletTest.Recorded pixel = call(full, "GET", TrackingLinks.OPEN_PATH, "/open.tok-1", Map.of());
            assertEquals(200, pixel.status);
            assertEquals(43, pixel.out.size());
            UnsubscribeServletTest.Recorded click = call(full, "GET", TrackingLinks.CLICK_PATH, "/click_tok.2", Map.of());
            assertEquals(302, click.status);
        }
        assertEquals(8, small.dropped());
    }

    private UnsubscribeServletTest.Recorded call(String method, String servletPath, String pathInfo,
                                                 Map<String, String> headers) throws Exception {
        return call(servlet, method, servletPath, pathInfo, headers);
    }

    static UnsubscribeServletTest.Recorded call(HitServlet servlet, String method, String servletPath, String pathInfo,
                                                Map<String, String> headers) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.putIfAbsent("X-Forwarded-For", "198.51.100.9");
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                HitServletTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> pathInfo;
                    case "getRemoteAddr" -> "127.0.0.1";
                    case "getHeader" -> all.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        UnsubscribeServletTest.Recorded recorded = new UnsubscribeServletTest.Recorded();
        servlet.service(request, recorded.response());
        return recorded;
    }
}
