package io.neuromail.identity.internal.jpa;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * The authentication view of an API key: found by the hash of a presented key before any account is
 * known. Only authentication reads it; management goes through the account-scoped {@link ApiKeyEntity}.
 */
@Entity
@Table(name = "nm_api_key")
public class ApiKeyCredential {

    @Id
    @Column(name = "id")
    public String id;

    @Column(name = "account_id", insertable = false, updatable = false)
    public String accountId;

    @Column(name = "key_hash", insertable = false, updatable = false)
    public String keyHash;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "revoked_at", insertable = false, updatable = false)
    public Instant revokedAt;

    @Column(name = "scopes", insertable = false, updatable = false)
    public String scopes;
}
