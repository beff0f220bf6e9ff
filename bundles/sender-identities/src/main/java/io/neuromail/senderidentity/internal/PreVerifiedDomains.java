package io.neuromail.senderidentity.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's pre-verified domains, parsed from the property {@code preVerifiedDomains}: entries
 * separated by commas, each {@code domain} (every account) or {@code domain:ACCOUNT1+ACCOUNT2} (only
 * those accounts). Invalid entries are left out and reported by {@link #rejected()} so that one typo
 * does not take every other entry with it.
 */
public final class PreVerifiedDomains {

    /** Marks a domain of every account in {@link #byDomain}. */
    private static final Set<String> EVERY_ACCOUNT = Collections.emptySet();

    private final Map<String, Set<String>> byDomain;
    private final List<String> rejected;

    private PreVerifiedDomains(Map<String, Set<String>> byDomain, List<String> rejected) {
        this.byDomain = byDomain;
        this.rejected = rejected;
    }

    public static final PreVerifiedDomains NONE = new PreVerifiedDomains(Map.of(), List.of());

    /** Parses the property's values; each value may hold several comma-separated entries. */
    public static PreVerifiedDomains parse(String... values) {
        Map<String, Set<String>> byDomain = new HashMap<>();
        List<String> rejected = new ArrayList<>();
        if (values == null) {
            return NONE;
        }
        for (String value : values) {
            if (value == null) {
                continue;
            }
            for (String raw : value.split(",")) {
                String entry = raw.strip();
                if (entry.isEmpty()) {
                    continue;
                }
                int colon = entry.indexOf(':');
                String domainPart = colon < 0 ? entry : entry.substring(0, colon);
                String domain;
                try {
                    domain = Names.domain(domainPart);
                } catch (Names.InvalidName e) {
                    rejected.add(entry + " (" + e.getMessage() + ")");
                    continue;
                }
                if (colon < 0) {
                    byDomain.put(domain, EVERY_ACCOUNT);
                    continue;
                }
                Set<String> accounts = new LinkedHashSet<>();
                for (String account : entry.substring(colon + 1).split("\\+")) {
                    if (!account.isBlank()) {
                        accounts.add(account.strip());
                    }
                }
                if (accounts.isEmpty()) {
                    rejected.add(entry + " (no account after ':')");
                    continue;
                }
                Set<String> existing = byDomain.get(domain);
                if (existing == EVERY_ACCOUNT) {
                    continue;
                }
                Set<String> merged = existing == null ? new HashSet<>() : existing;
                merged.addAll(accounts);
                byDomain.put(domain, merged);
            }
        }
        return new PreVerifiedDomains(Map.copyOf(byDomain), List.copyOf(rejected));
    }

    /** Whether {@code normalDomain} (ASCII, lower case) is pre-verified for {@code accountId}. */
    public boolean covers(String accountId, String normalDomain) {
        Set<String> accounts = byDomain.get(normalDomain);
        return accounts != null && (accounts == EVERY_ACCOUNT || accounts.contains(accountId));
    }

    /** The domains pre-verified for {@code accountId}, sorted. */
    public List<String> domainsOf(String accountId) {
        List<String> domains = new ArrayList<>();
        byDomain.forEach((domain, accounts) -> {
            if (accounts == EVERY_ACCOUNT || accounts.contains(accountId)) {
                domains.add(domain);
            }
        });
        Collections.sort(domains);
        return domains;
    }

    /** Entries that were left out, each with the reason. */
    public List<String> rejected() {
        return rejected;
    }
}
