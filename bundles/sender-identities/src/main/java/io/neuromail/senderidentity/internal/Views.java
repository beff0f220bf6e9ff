package io.neuromail.senderidentity.internal;

import java.time.Instant;
import java.util.List;

import io.neuromail.senderidentity.api.ProviderIdentityStatus;

/** Response bodies of the sender identities API. */
public final class Views {

    private Views() {
    }

    /**
     * One identity.
     *
     * @param value                 the normal form (ASCII domain, lower case)
     * @param displayValue          the domain in Unicode when it is internationalized, else the value
     * @param verificationExpiresAt when the last verification link of an address expires
     * @param dns                   a domain's last DNS check, {@code null} before the first
     * @param records               the DNS records a domain should publish
     * @param providers             how the email providers that keep identities of their own (Amazon SES)
     *                              saw a domain at its last check
     */
    public record IdentityView(String id, String type, String value, String displayValue, String status,
                               String statusReason, List<String> dkimSelectors, Instant createdAt,
                               Instant updatedAt, Instant verifiedAt, Instant verificationSentAt,
                               Instant verificationExpiresAt, DnsCheck dns, List<DnsRecord> records,
                               List<ProviderIdentityStatus> providers) {
    }

    /** The identities of an account, and the domains the operator pre-verified for it. */
    public record IdentityList(List<IdentityView> items, List<String> preVerifiedDomains) {
    }

    /** A DNS record to publish: {@code purpose} is verification, spf, dmarc or dkim. */
    public record DnsRecord(String purpose, String type, String name, String value, String note) {
    }

    /**
     * What one DNS question found.
     *
     * @param status  {@code found}, {@code missing}, {@code invalid} (present but wrong) or {@code error}
     *                (the resolver did not answer)
     * @param found   the records seen there (at most a few, each shortened)
     */
    public record DnsItem(String purpose, String type, String name, String status, String message,
                          List<String> found) {
    }

    /** A domain's DNS as the last check saw it. */
    public record DnsCheck(Instant checkedAt, DnsItem verification, DnsItem spf, DnsItem dmarc, List<DnsItem> dkim) {
    }
}
