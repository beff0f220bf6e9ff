package io.neuromail.filters.internal.builtin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.neuromail.filter.api.ContentFilter;
import io.neuromail.filter.api.FilterService;
import io.neuromail.filter.api.Finding;
import io.neuromail.filter.api.Link;
import io.neuromail.filter.api.Location;
import io.neuromail.filter.api.Message;
import io.neuromail.filter.api.Severity;
import io.neuromail.filters.internal.text.RuleFile;

/**
 * Malicious links: domains and URLs of the blocklist in {@code etc/neuromail/filters/blocklist.txt},
 * and the structural red flags of dangerous links: IP-address hosts, {@code javascript:} and
 * {@code data:} links, credentials in the address and chains of redirect parameters.
 */
@Component(service = ContentFilter.class, configurationPid = LinkFilter.PID)
@Designate(ocd = LinkFilter.Config.class)
@FilterService(name = "links", description = "Known malicious domains and URLs, IP-address hosts, script links, credentials in links, redirect chains", order = 200)
public class LinkFilter implements ContentFilter {

    static final String PID = "io.neuromail.filters.links";

    /** Longer links are a finding of their own and are not analysed further (no browser or server needs them). */
    static final int MAX_URL_CHARS = 8192;

    private static final String[] ADDRESS_STARTS = {"http:", "https:", "//", "www."};

    /** Global functions a script link can do harm with, called by name: evaluation, dialogs, windows, requests, decoding. */
    private static final Set<String> SCRIPT_SINKS = Set.of("eval", "alert", "prompt", "confirm", "open", "fetch", "atob", "btoa",
            "unescape", "escape", "decodeuri", "decodeuricomponent", "settimeout", "setinterval", "function", "import", "require");

    /** Configuration PID {@value #PID}. */
    @ObjectClassDefinition(name = "NeuroMail malicious link filter", description = "Blocklisted domains and URLs and dangerous link structures")
    public @interface Config {
        @AttributeDefinition(name = "Blocklist file", description = "Domains, hosts-file lines or URLs, one a line; relative to etc/. Reloaded when it changes")
        String blocklistFile() default "neuromail/filters/blocklist.txt";

        @AttributeDefinition(name = "Blocklisted link", description = "Score of a link to a blocklisted domain or URL (the message is blocked whatever the score)")
        double blocklistScore() default 10.0;

        @AttributeDefinition(name = "IP-address host", description = "Score of a link to a bare IP address")
        double ipHostScore() default 3.0;

        @AttributeDefinition(name = "Script link", description = "Score of a javascript: or vbscript: link that reaches for the page, the browser or another address (the message is blocked)")
        double scriptLinkScore() default 6.0;

        @AttributeDefinition(name = "Script call", description = "Score of a javascript: link that only calls a function of the page it was copied from, such as a pop-up")
        double scriptCallScore() default 1.0;

        @AttributeDefinition(name = "data: link", description = "Score of a data: link")
        double dataLinkScore() default 4.0;

        @AttributeDefinition(name = "Credentials in link", description = "Score of a link with user:password@ before the host")
        double credentialsScore() default 4.0;

        @AttributeDefinition(name = "Redirect", description = "Score of a link whose parameters carry another address (twice that for a chain)")
        double redirectScore() default 0.5;

        @AttributeDefinition(name = "Overlong link", description = "Score of a link longer than 8192 characters (not analysed further)")
        double longLinkScore() default 3.0;
    }

    private volatile Config config;
    private volatile RuleFile<Blocklist> blocklist;

    @Activate
    @Modified
    void configure(Config c) {
        this.config = c;
        this.blocklist = new RuleFile<>(RuleFile.resolve(c.blocklistFile()), "io/neuromail/filters/rules/blocklist.txt", Blocklist::parse);
    }

    @Override
    public List<Finding> check(Message message) {
        Config c = config;
        Blocklist list = blocklist.get();
        List<Finding> findings = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        RuleScores once = new RuleScores();
        for (Link link : message.links()) {
            if (!seen.add(link.url())) {
                continue;
            }
            String url = link.url();
            if (url.length() > MAX_URL_CHARS) {
                findings.add(Finding.warn("links.too-long", once.first("links.too-long", c.longLinkScore()), "A link is " + url.length()
                        + " characters long, more than " + MAX_URL_CHARS + "; it was not analysed further",
                        Location.link(url.substring(0, 200) + "\u2026")));
                String listed = list.listedDomain(link.host());
                if (listed != null) {
                    findings.add(Finding.block("links.blocklisted", c.blocklistScore(), "Link to a known malicious domain " + listed,
                            Location.link(url.substring(0, 200) + "\u2026")));
                }
                continue;
            }
            String lower = withoutControls(url.toLowerCase(Locale.ROOT));
            Location where = Location.link(url);
            if (lower.startsWith("javascript:") || lower.startsWith("vbscript:")) {
                findings.add(harmlessCall(lower)
                        ? Finding.of("links.script-call", once.first("links.script-call", c.scriptCallScore()), "A link calls script of the page it was copied from; mail programs do not run it", where)
                        : Finding.block("links.script", c.scriptLinkScore(), "A link runs script instead of opening a page", where));
                continue;
            }
            if (lower.startsWith("data:")) {
                findings.add(Finding.danger("links.data", once.first("links.data", c.dataLinkScore()), Severity.WARN, "A data: link carries its own content, a way to hide a page or a download", where));
                continue;
            }
            String listedDomain = list.listedDomain(link.host());
            String listedUrl = listedDomain == null ? list.listedUrl(url) : null;
            if (listedDomain != null || listedUrl != null) {
                findings.add(Finding.block("links.blocklisted", c.blocklistScore(),
                        "Link to a known malicious " + (listedDomain != null ? "domain " + listedDomain : "address " + listedUrl), where));
            }
            if (!link.host().isEmpty() && Domains.isIpLiteral(link.host())) {
                findings.add(Finding.danger("links.ip-host", once.first("links.ip-host", c.ipHostScore()), Severity.INFO, "A link goes to the bare IP address " + link.host(), where));
            }
            if (hasCredentials(lower)) {
                findings.add(Finding.danger("links.credentials", once.first("links.credentials", c.credentialsScore()), Severity.WARN, "A link carries credentials before its host, a trick to disguise where it goes", where));
            }
            int redirects = redirects(url);
            if (redirects > 0) {
                findings.add(redirects > 1
                        ? Finding.warn("links.redirect-chain", once.first("links.redirect-chain", c.redirectScore() * 2), "A link passes through " + redirects + " redirects", where)
                        : Finding.of("links.redirect", once.first("links.redirect", c.redirectScore()), "A link passes another address on as a redirect", where));
            }
        }
        return findings;
    }

    /**
     * Whether script link code only calls one function of the page it was copied from, by a plain
     * name, with literal arguments ({@code javascript:popUp('story.cfm?id=4')},
     * {@code javascript:void(0)}). A mail program has no such function and runs no script; whatever
     * else script can reach (the document, the location, evaluation, dialogs, decoding) is not a
     * plain call of that shape. One pass over at most 500 characters.
     */
    static boolean harmlessCall(String lowerScript) {
        String code = lowerScript.substring(lowerScript.indexOf(':') + 1).strip();
        if (code.length() > 500) {
            return false;
        }
        int i = 0;
        while (i < code.length() && (Character.isLetterOrDigit(code.charAt(i)) || code.charAt(i) == '_')) {
            i++;
        }
        String name = code.substring(0, i);
        if (name.isEmpty() || SCRIPT_SINKS.contains(name)) {
            return false;
        }
        i = skipSpaces(code, i);
        if (i >= code.length() || code.charAt(i) != '(') {
            return false;
        }
        i = skipSpaces(code, i + 1);
        boolean expectArgument = !code.startsWith(")", i);
        while (expectArgument) {
            if (i >= code.length()) {
                return false;
            }
            char c = code.charAt(i);
            if (c == '\'' || c == '"') {
                int end = code.indexOf(c, i + 1);
                if (end < 0 || code.substring(i + 1, end).indexOf('\\') >= 0) {
                    return false;
                }
                i = end + 1;
            } else if (Character.isDigit(c) || c == '-' || c == '.') {
                while (i < code.length() && (Character.isDigit(code.charAt(i)) || code.charAt(i) == '.' || code.charAt(i) == '-')) {
                    i++;
                }
            } else {
                return false;
            }
            i = skipSpaces(code, i);
            expectArgument = i < code.length() && code.charAt(i) == ',';
            if (expectArgument) {
                i = skipSpaces(code, i + 1);
            }
        }
        if (i >= code.length() || code.charAt(i) != ')') {
            return false;
        }
        i = skipSpaces(code, i + 1);
        if (i < code.length() && code.charAt(i) == ';') {
            i = skipSpaces(code, i + 1);
        }
        return i == code.length();
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** Browsers ignore white space and control characters in a scheme: {@code java\tscript:} still runs. */
    private static String withoutControls(String url) {
        StringBuilder out = null;
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ') {
                if (out == null) {
                    out = new StringBuilder(url.length()).append(url, 0, i);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? url : out.toString();
    }

    private static boolean hasCredentials(String lowerUrl) {
        int scheme = lowerUrl.indexOf("://");
        if (scheme < 0) {
            return false;
        }
        String rest = lowerUrl.substring(scheme + 3);
        int end = rest.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int i = rest.indexOf(stop);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return rest.substring(0, end).contains("@");
    }

    /** How many addresses are nested in the link's parameters, decoding each level. */
    static int redirects(String url) {
        int count = 0;
        String current = url;
        for (int depth = 0; depth < 5; depth++) {
            int query = current.indexOf('?');
            if (query < 0) {
                break;
            }
            String params = current.substring(query);
            String decoded;
            try {
                decoded = URLDecoder.decode(params, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = params;
            }
            int value = addressValue(decoded);
            if (value < 0) {
                break;
            }
            count++;
            current = decoded.substring(value);
        }
        return count;
    }

    /**
     * Where the first parameter value that is an address ({@code http:}, {@code https:}, {@code //},
     * {@code www.}) starts in a query, or -1. One pass: every separator before the same {@code =}
     * shares its look-up (a regular expression retried the name from each {@code ;} of a long run).
     */
    static int addressValue(String query) {
        int stop = -1;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c != '?' && c != '&' && c != ';') {
                continue;
            }
            if (stop <= i) {
                stop = i + 1;
                while (stop < query.length() && query.charAt(stop) != '=' && query.charAt(stop) != '&') {
                    stop++;
                }
            }
            if (stop < query.length() && query.charAt(stop) == '=' && startsWithAddress(query, stop + 1)) {
                return stop + 1;
            }
        }
        return -1;
    }

    private static boolean startsWithAddress(String s, int at) {
        for (String start : ADDRESS_STARTS) {
            if (s.regionMatches(true, at, start, 0, start.length())) {
                return true;
            }
        }
        return false;
    }
}
