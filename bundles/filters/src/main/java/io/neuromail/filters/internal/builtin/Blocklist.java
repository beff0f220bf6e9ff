package io.neuromail.filters.internal.builtin;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Known malicious domains and URLs, read from the common feed formats: a plain list of domains
 * ({@code evil.example}, {@code *.evil.example}), hosts files ({@code 0.0.0.0 evil.example}),
 * adblock-style domain rules ({@code ||evil.example^}) and full URLs ({@code http://host/path},
 * matched as a prefix). A domain entry covers its sub-domains. Trailing {@code # comments} are ignored.
 *
 * @param domains the listed domains
 * @param urls    the listed URL prefixes, lower case
 */
record Blocklist(Set<String> domains, List<String> urls) {

    private static final Set<String> SINK_ADDRESSES = Set.of("0.0.0.0", "127.0.0.1", "::", "::1", "::0");

    static Blocklist parse(List<String> lines) {
        Set<String> domains = new HashSet<>();
        List<String> urls = new ArrayList<>();
        for (String raw : lines) {
            int hash = raw.indexOf(" #");
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip().toLowerCase(Locale.ROOT);
            if (line.isEmpty() || line.startsWith("!")) {
                continue;
            }
            if (line.contains("://")) {
                urls.add(line);
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length >= 2 && SINK_ADDRESSES.contains(fields[0])) {
                for (int i = 1; i < fields.length; i++) {
                    addDomain(domains, fields[i]);
                }
            } else {
                addDomain(domains, fields[0]);
            }
        }
        return new Blocklist(Set.copyOf(domains), List.copyOf(urls));
    }

    private static void addDomain(Set<String> domains, String entry) {
        String d = entry;
        if (d.startsWith("||")) {
            d = d.substring(2);
        }
        int caret = d.indexOf('^');
        d = caret >= 0 ? d.substring(0, caret) : d;
        while (d.startsWith("*.") || d.startsWith(".")) {
            d = d.substring(d.indexOf('.') + 1);
        }
        if (!d.isEmpty() && !d.equals("localhost") && !d.equals("localhost.localdomain") && !d.equals("broadcasthost")) {
            domains.add(d);
        }
    }

    /** The listed domain the host is or is under, or {@code null}. */
    String listedDomain(String host) {
        if (host.isEmpty()) {
            return null;
        }
        for (String candidate : Domains.selfAndParents(Domains.lastChars(host))) {
            if (domains.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The listed URL the address starts with, or {@code null}. */
    String listedUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        for (String listed : urls) {
            if (lower.startsWith(listed)) {
                return listed;
            }
        }
        return null;
    }
}
