package io.neuromail.senderidentity.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.neuromail.senderidentity.internal.Views.DnsCheck;
import io.neuromail.senderidentity.internal.Views.DnsItem;
import io.neuromail.senderidentity.internal.Views.DnsRecord;
import io.neuromail.senderidentity.internal.dns.Dns;

/**
 * A domain's DNS as NeuroMail wants it: the verification TXT record that proves the account controls
 * the domain, and the SPF, DMARC and DKIM records receivers look at. Only the verification record
 * decides whether the domain is verified; the others are shown so the user can fix them.
 */
public final class DomainCheck {

    /** The TXT record holding the token lives at {@code _neuromail.<domain>}. */
    public static final String VERIFICATION_LABEL = "_neuromail";
    /** Its value is this prefix followed by the token. */
    public static final String VERIFICATION_PREFIX = "neuromail-verification=";

    private static final int MAX_FOUND = 3;
    private static final int MAX_FOUND_LENGTH = 300;

    private final Dns dns;
    private final String spfInclude;

    public DomainCheck(Dns dns, String spfInclude) {
        this.dns = dns;
        this.spfInclude = spfInclude == null ? "" : spfInclude.strip().toLowerCase(Locale.ROOT);
    }

    public static String verificationName(String domain) {
        return VERIFICATION_LABEL + "." + domain;
    }

    public static String dkimName(String selector, String domain) {
        return selector + "._domainkey." + domain;
    }

    /** The records the user should publish for {@code domain}. */
    public List<DnsRecord> records(String domain, String token, List<String> selectors) {
        List<DnsRecord> records = new ArrayList<>();
        records.add(new DnsRecord("verification", "TXT", verificationName(domain), VERIFICATION_PREFIX + token,
                "Proves that this account controls the domain. Required."));
        records.add(new DnsRecord("spf", "TXT", domain, spfValue(),
                "Lists the servers that may send for the domain. Publish one SPF record only; if one exists, "
                        + "add the mechanism to it instead."));
        records.add(new DnsRecord("dmarc", "TXT", "_dmarc." + domain, "v=DMARC1; p=none; rua=mailto:postmaster@" + domain,
                "Tells receivers what to do with mail failing SPF and DKIM; start with p=none, tighten later."));
        for (String selector : selectors) {
            records.add(new DnsRecord("dkim", "TXT", dkimName(selector, domain), "v=DKIM1; k=rsa; p=<public key>",
                    "The public key your sending service gives you for selector " + selector
                            + " (some services ask for a CNAME here instead)."));
        }
        return records;
    }

    private String spfValue() {
        return spfInclude.isEmpty() ? "v=spf1 mx ~all" : "v=spf1 include:" + spfInclude + " ~all";
    }

    /** Asks DNS about every record of {@code domain}. */
    public DnsCheck check(String domain, String token, List<String> selectors, Instant now) {
        DnsItem verification = item("verification", "TXT", verificationName(domain), () -> {
            List<String> txt = dns.txt(verificationName(domain));
            List<String> ours = txt.stream().filter(v -> v.strip().startsWith(VERIFICATION_PREFIX)).toList();
            String expected = VERIFICATION_PREFIX + token;
            if (ours.stream().anyMatch(v -> v.strip().equals(expected))) {
                return result("found", "The verification record is published.", ours);
            }
            if (!ours.isEmpty()) {
                return result("invalid", "A verification record is published, but with another token: publish "
                        + expected, ours);
            }
            return result("missing", "No verification record yet. Publish the TXT record shown; DNS changes can "
                    + "take a while to be seen.", txt);
        });
        DnsItem spf = item("spf", "TXT", domain, () -> {
            List<String> records = dns.txt(domain).stream()
                    .filter(v -> v.strip().toLowerCase(Locale.ROOT).startsWith("v=spf1")).toList();
            if (records.isEmpty()) {
                return result("missing", "No SPF record: receivers cannot tell which servers may send for the domain.",
                        records);
            }
            if (records.size() > 1) {
                return result("invalid", "More than one SPF record: receivers treat that as an error. Merge them "
                        + "into one.", records);
            }
            if (!spfInclude.isEmpty()
                    && !records.get(0).toLowerCase(Locale.ROOT).contains("include:" + spfInclude)) {
                return result("invalid", "The SPF record does not include " + spfInclude + ".", records);
            }
            return result("found", "An SPF record is published.", records);
        });
        DnsItem dmarc = item("dmarc", "TXT", "_dmarc." + domain, () -> {
            List<String> records = dns.txt("_dmarc." + domain).stream()
                    .filter(v -> v.strip().toUpperCase(Locale.ROOT).startsWith("V=DMARC1")).toList();
            if (records.isEmpty()) {
                return result("missing", "No DMARC record.", records);
            }
            if (records.size() > 1) {
                return result("invalid", "More than one DMARC record: receivers ignore them all. Keep one.", records);
            }
            return result("found", "A DMARC record is published.", records);
        });
        List<DnsItem> dkim = new ArrayList<>();
        for (String selector : selectors) {
            String name = dkimName(selector, domain);
            dkim.add(item("dkim", "TXT", name, () -> {
                List<String> cname = dns.cname(name);
                List<String> keys = dns.txt(name).stream().filter(v -> v.contains("p=")).toList();
                if (!keys.isEmpty()) {
                    List<String> found = new ArrayList<>();
                    cname.forEach(c -> found.add("CNAME " + c));
                    found.addAll(keys);
                    return result("found", "A DKIM key is published for selector " + selector + ".", found);
                }
                if (!cname.isEmpty()) {
                    return result("invalid", "A CNAME points to " + cname.get(0) + ", but no DKIM key is found there.",
                            cname.stream().map(c -> "CNAME " + c).toList());
                }
                return result("missing", "No DKIM key for selector " + selector + ".", List.of());
            }));
        }
        return new DnsCheck(now, verification, spf, dmarc, dkim);
    }

    private record Result(String status, String message, List<String> found) {
    }

    private static Result result(String status, String message, List<String> found) {
        return new Result(status, message, found);
    }

    private static DnsItem item(String purpose, String type, String name, Supplier<Result> question) {
        try {
            Result r = question.get();
            return new DnsItem(purpose, type, name, r.status(), r.message(), shorten(r.found()));
        } catch (Dns.DnsFailure e) {
            return new DnsItem(purpose, type, name, "error", e.getMessage(), List.of());
        }
    }

    private static List<String> shorten(List<String> found) {
        return found.stream().limit(MAX_FOUND)
                .map(v -> v.length() > MAX_FOUND_LENGTH ? v.substring(0, MAX_FOUND_LENGTH) + "…" : v).toList();
    }
}
