package io.neuromail.identity.internal.jpa;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * A single-use link mailed to a person: to confirm an address, to reset a password, to accept an
 * invitation. Its id is the SHA-256 of the token in the link, so a database leak yields no link.
 * Global, because the link is used before anyone is signed in.
 */
@Entity
@Table(name = "nm_user_token")
public class TokenEntity {

    public static final String VERIFY_EMAIL = "verify-email";
    public static final String PASSWORD_RESET = "password-reset";
    public static final String INVITATION = "invitation";
    /** An invitation to join an existing account as a member. */
    public static final String MEMBER_INVITATION = "member-invitation";
    /** The second step of a login: the password was right, a two-factor code is still due. */
    public static final String TWO_FACTOR_LOGIN = "two-factor-login";

    @Id
    @Column(name = "id")
    public String id;

    /** {@link #VERIFY_EMAIL}, {@link #PASSWORD_RESET}, {@link #INVITATION}, {@link #MEMBER_INVITATION} or {@link #TWO_FACTOR_LOGIN}. */
    @Column(name = "purpose")
    public String purpose;

    /** The user it is for; {@code null} for an invitation, whose user does not exist yet. */
    @Column(name = "user_id")
    public String userId;

    /** The account it is for; {@code null} for an invitation to a new account. */
    @Column(name = "account_id")
    public String accountId;

    @Column(name = "email")
    public String email;

    /** The name of the account an invitation creates. */
    @Column(name = "account_name")
    public String accountName;

    /** The role a {@link #MEMBER_INVITATION} gives. */
    @Column(name = "role")
    public String role;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;
}
