package io.neuromail.identity.internal.jpa;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** An account: the unit of data ownership. Every account-scoped row of every bundle points here. */
@Entity
@Table(name = "nm_account")
public class AccountEntity {

    @Id
    @Column(name = "id")
    public String id;

    @Column(name = "name")
    public String name;

    @Column(name = "created_at")
    public Instant createdAt;

    /**
     * When the owner's address was confirmed (a verification link, a password reset, an invitation,
     * or sign-up without verification); {@code null} while it is not.
     */
    @Column(name = "verified_at")
    public Instant verifiedAt;

    /** Whether every member must use two-factor authentication to work in this account. */
    @Column(name = "require_two_factor")
    public boolean requireTwoFactor;
}
