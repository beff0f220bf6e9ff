package io.neuromail.identity.internal.jpa;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A person who logs in. Global, because login happens before the account is known. */
@Entity
@Table(name = "nm_user")
public class UserEntity {

    @Id
    @Column(name = "id")
    public String id;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "email")
    public String email;

    /** The email folded to lower case: what uniqueness and login compare. */
    @Column(name = "email_key")
    public String emailKey;

    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "password_changed_at")
    public Instant passwordChangedAt;
}
