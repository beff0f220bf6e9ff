package io.neuromail.senderidentity.api;

/**
 * A provider's view of one sender identity.
 *
 * @param provider           the provider's name as people know it, e.g. {@code Amazon SES}
 * @param verification       {@code verified}, {@code pending}, {@code failed}, {@code not-found} (the
 *                           provider does not know the identity) or {@code error} (it could not be asked)
 * @param verifiedForSending whether the provider accepts mail from the identity now; {@code null} when unknown
 * @param dkim               the provider's DKIM signing status: {@code verified}, {@code pending},
 *                           {@code failed}, {@code not-started}; {@code null} when unknown
 * @param message            a sentence for the marketer: what the status means and what to do
 */
public record ProviderIdentityStatus(String provider, String verification, Boolean verifiedForSending, String dkim,
                                     String message) {

    public static final String VERIFIED = "verified";
    public static final String PENDING = "pending";
    public static final String FAILED = "failed";
    public static final String NOT_FOUND = "not-found";
    public static final String NOT_STARTED = "not-started";
    public static final String ERROR = "error";

    /** The provider could not be asked. */
    public static ProviderIdentityStatus error(String provider, String message) {
        return new ProviderIdentityStatus(provider, ERROR, null, null, message);
    }
}
