package io.neuromail.identity.internal;

import java.util.Locale;

/**
 * A short readable name for a {@code User-Agent}, such as "Firefox on Linux" or "Safari on iPhone",
 * for the lists of sessions and sign-ins. It looks for fixed tokens with {@code contains} only (no
 * regular expression, so no text can make it slow), and checks the tokens that browsers borrow from
 * each other in the order that tells them apart: every Chromium browser says "Chrome", Chrome says
 * "Safari", Android says "Linux".
 */
public final class Devices {

    /** What the user agents the lists show are at most (the sessions and the activity log keep 512). */
    static final int MAX_SCANNED = 512;

    private static final String UNKNOWN = "Unknown device";

    private Devices() {
    }

    public static String describe(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return UNKNOWN;
        }
        String ua = (userAgent.length() > MAX_SCANNED ? userAgent.substring(0, MAX_SCANNED) : userAgent)
                .toLowerCase(Locale.ROOT);
        String program = program(ua);
        String system = system(ua);
        if (program == null && system == null) {
            return UNKNOWN;
        }
        if (program == null) {
            return "Browser on " + system;
        }
        return system == null ? program : program + " on " + system;
    }

    private static String program(String ua) {
        if (ua.contains("edg/") || ua.contains("edge/") || ua.contains("edga/") || ua.contains("edgios/")) {
            return "Edge";
        }
        if (ua.contains("opr/") || ua.contains("opera")) {
            return "Opera";
        }
        if (ua.contains("samsungbrowser/")) {
            return "Samsung Internet";
        }
        if (ua.contains("vivaldi/")) {
            return "Vivaldi";
        }
        if (ua.contains("firefox/") || ua.contains("fxios/")) {
            return "Firefox";
        }
        if (ua.contains("chrome/") || ua.contains("crios/") || ua.contains("chromium/")) {
            return "Chrome";
        }
        if (ua.contains("safari/") && ua.contains("version/")) {
            return "Safari";
        }
        if (ua.startsWith("curl/")) {
            return "curl";
        }
        if (ua.startsWith("wget/")) {
            return "Wget";
        }
        if (ua.startsWith("python-requests/") || ua.startsWith("python-urllib/") || ua.startsWith("python-httpx/")) {
            return "Python script";
        }
        if (ua.startsWith("java-http-client/") || ua.startsWith("java/")) {
            return "Java program";
        }
        if (ua.startsWith("go-http-client/")) {
            return "Go program";
        }
        if (ua.startsWith("postmanruntime/")) {
            return "Postman";
        }
        return null;
    }

    private static String system(String ua) {
        if (ua.contains("iphone")) {
            return "iPhone";
        }
        if (ua.contains("ipad")) {
            return "iPad";
        }
        if (ua.contains("android")) {
            return "Android";
        }
        if (ua.contains("windows")) {
            return "Windows";
        }
        if (ua.contains("cros ")) {
            return "ChromeOS";
        }
        if (ua.contains("mac os x") || ua.contains("macintosh")) {
            return "macOS";
        }
        if (ua.contains("linux") || ua.contains("x11")) {
            return "Linux";
        }
        return null;
    }
}
