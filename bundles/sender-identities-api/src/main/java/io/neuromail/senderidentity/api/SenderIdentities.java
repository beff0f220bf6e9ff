package io.neuromail.senderidentity.api;

import org.osgi.annotation.versioning.ProviderType;

/** Which From addresses an account may use. */
@ProviderType
public interface SenderIdentities {

    /**
     * Whether the account may send from {@code address}: the address itself is a verified identity
     * of the account, or its domain is (verified by the account, or pre-verified for it by the
     * operator). Addresses compare case-insensitively, domains in their ASCII (IDNA) form.
     *
     * @param accountId the account
     * @param address   a plain address ({@code local@domain}), no display name
     */
    boolean isVerified(String accountId, String address);
}
