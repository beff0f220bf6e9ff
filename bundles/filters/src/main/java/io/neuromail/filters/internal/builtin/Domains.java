package io.neuromail.filters.internal.builtin;

import java.net.IDN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Host-name helpers shared by the link and phishing filters. */
final class Domains {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern NUMERIC_HOST = Pattern.compile("(0x[0-9a-f]+|\\d+)(\\.(0x[0-9a-f]+|\\d+)){0,3}");
    private static final Set<String> SECOND_LEVEL = Set.of("co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "gv");

    private Domains() {
    }

    /** Whether the host is an IP address (dotted, integer, hex or IPv6) rather than a name. */
    static boolean isIpLiteral(String host) {
        return host.startsWith("[") || IPV4.matcher(host).matches() || NUMERIC_HOST.matcher(host).matches();
    }

    /**
     * The part of a host its owner registered: the last two labels, or three under a country's
     * second-level domain ({@code example.co.uk}).
     */
    static String registrable(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        String[] labels = h.split("\\.");
        if (labels.length <= 2) {
            return h;
        }
        int n = labels.length;
        boolean countrySecondLevel = labels[n - 1].length() == 2 && SECOND_LEVEL.contains(labels[n - 2]);
        int keep = countrySecondLevel ? 3 : 2;
        return String.join(".", Arrays.copyOfRange(labels, n - keep, n));
    }

    /** The registrable domain without its public suffix: {@code paypal} of {@code www.paypal.co.uk}. */
    static String name(String host) {
        String registrable = registrable(host);
        int dot = registrable.indexOf('.');
        return dot < 0 ? registrable : registrable.substring(0, dot);
    }

    /** The host in Unicode (punycode labels decoded); the input when it cannot be decoded. */
    static String unicode(String host) {
        try {
            return IDN.toUnicode(host, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return host;
        }
    }

    /** The longest name DNS resolves. */
    static final int MAX_HOST_CHARS = 253;

    /**
     * The host, or for one longer than DNS allows its last whole labels within
     * {@value #MAX_HOST_CHARS} characters: where it would lead, without one copy per label of a
     * crafted megabyte of labels.
     */
    static String lastChars(String host) {
        if (host.length() <= MAX_HOST_CHARS) {
            return host;
        }
        int dot = host.indexOf('.', host.length() - MAX_HOST_CHARS - 1);
        return dot < 0 ? "" : host.substring(dot + 1);
    }

    /** The host's domain and every parent domain: {@code a.b.c} gives {@code a.b.c}, {@code b.c}, {@code c}. */
    static Iterable<String> selfAndParents(String host) {
        List<String> out = new ArrayList<>();
        String h = host;
        while (!h.isEmpty()) {
            out.add(h);
            int dot = h.indexOf('.');
            if (dot < 0) {
                break;
            }
            h = h.substring(dot + 1);
        }
        return out;
    }
}
