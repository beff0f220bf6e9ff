package io.neuromail.identity.internal.jpa;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * A user's two-factor authentication: the TOTP secret (encrypted with the operator's key) once it is
 * on, the secret of an enrolment that is not confirmed yet, and the last 30-second step whose code was
 * accepted, so no code works twice. Global, like the user: the login's second step reads it before
 * any account is known.
 */
@Entity
@Table(name = "nm_user_two_factor")
public class TwoFactorEntity {

    @Id
    @Column(name = "user_id")
    public String userId;

    @Column(name = "account_id")
    public String accountId;

    /** The sealed secret while two-factor authentication is on; null while it is off. */
    @Column(name = "secret")
    public String secret;

    @Column(name = "enabled_at")
    public Instant enabledAt;

    /** The sealed secret of an enrolment waiting for its first code; null when none is. */
    @Column(name = "pending_secret")
    public String pendingSecret;

    @Column(name = "pending_since")
    public Instant pendingSince;

    /** The last step whose code was accepted; null before the first. */
    @Column(name = "last_step")
    public Long lastStep;
}
