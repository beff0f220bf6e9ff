package io.neuromail.senderidentity.internal.jpa;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * A verification link's token, found by its SHA-256 before anyone is signed in (hence a global
 * table: the link is all the visitor has). The token itself is never stored. The account id is
 * data here; the identity it verifies is then reached through that account only.
 */
@Entity
@Table(name = "nm_sender_identity_token")
public class TokenEntity {

    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "identity_id")
    public String identityId;

    @Column(name = "created_at")
    public long createdAt;

    @Column(name = "expires_at")
    public long expiresAt;

    @Column(name = "used_at")
    public Long usedAt;
}
