package io.neuromail.identity.internal.jpa;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.MultitenantType;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.neuromail.api.persistence.AccountScoped;

/** An API key as its account manages it: account-scoped, so no query can reach another account's keys. */
@Entity
@Table(name = "nm_api_key")
@Multitenant(MultitenantType.SINGLE_TABLE)
@TenantDiscriminatorColumn(name = AccountScoped.COLUMN, contextProperty = AccountScoped.PROPERTY)
public class ApiKeyEntity {

    @Id
    @Column(name = "id")
    public String id;

    @Column(name = "name")
    public String name;

    @Column(name = "prefix")
    public String prefix;

    @Column(name = "key_hash")
    public String keyHash;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** The key's scopes, comma-separated ids ({@code read,send}); see {@link io.neuromail.api.security.Scope}. */
    @Column(name = "scopes")
    public String scopes;
}
