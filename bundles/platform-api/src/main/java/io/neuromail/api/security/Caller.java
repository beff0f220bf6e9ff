package io.neuromail.api.security;

import java.security.Principal;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.ws.rs.core.SecurityContext;

/**
 * The authenticated principal of a request. The identity bundle installs it as the
 * {@link SecurityContext#getUserPrincipal() user principal} of every authenticated JAX-RS request;
 * resources take the account id from here and nowhere else.
 *
 * @param accountId the account every piece of data of this request belongs to
 * @param userId    the user acting, or {@code null} when an API key acts
 * @param email     the user's email, or {@code null} when an API key acts
 * @param method    how the caller proved who it is
 * @param apiKeyId  the API key used, or {@code null} for a browser session
 * @param scopes    what the caller may do: every {@link Scope} for a browser session, the key's scopes
 *                  for an API key (the authentication filter has already enforced them against the
 *                  resource's {@link RequiresScope})
 * @param maySend   whether the account may send mail now: {@code false} while the operator requires a
 *                  confirmed owner address ({@code signup.mode = verify-email}) and the owner has not
 *                  confirmed it yet. Everything that queues mail on behalf of the account (messages,
 *                  sends, test messages) must refuse such a caller; mail NeuroMail itself sends
 *                  ({@link io.neuromail.api.mail.SystemMail}) is not affected.
 * @since 1.1
 */
public record Caller(String accountId, String userId, String email, AuthMethod method, String apiKeyId,
                     Set<Scope> scopes, boolean maySend)
        implements Principal {

    /** How a caller authenticated. */
    public enum AuthMethod {
        /** A browser session cookie (state changes need a CSRF token). */
        SESSION,
        /** An API key sent as {@code Authorization: Bearer}. */
        API_KEY
    }

    public Caller {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(method, "method");
        scopes = scopes == null || scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
    }

    /**
     * A caller with every scope that may send, as every caller was before scopes and address
     * confirmation existed.
     */
    public Caller(String accountId, String userId, String email, AuthMethod method, String apiKeyId) {
        this(accountId, userId, email, method, apiKeyId, EnumSet.allOf(Scope.class), true);
    }

    /** Whether the caller may call a method that needs {@code scope}: it has it, or {@link Scope#ADMIN}. */
    public boolean has(Scope scope) {
        return scopes.contains(scope) || scopes.contains(Scope.ADMIN);
    }

    @Override
    public String getName() {
        return email != null ? email : "api-key:" + apiKeyId;
    }

    /** The caller of a request, if it is authenticated. */
    public static Optional<Caller> of(SecurityContext context) {
        if (context == null) {
            return Optional.empty();
        }
        Principal p = context.getUserPrincipal();
        return p instanceof Caller c ? Optional.of(c) : Optional.empty();
    }

    /**
     * The caller of a request that the authentication filter has already let through. Resources
     * bound to the NeuroMail application are never reached unauthenticated unless marked
     * {@link PublicEndpoint}, so a missing caller is a programming error.
     */
    public static Caller require(SecurityContext context) {
        return of(context).orElseThrow(() -> new IllegalStateException("request is not authenticated"));
    }
}
