package io.neuromail.identity.internal.jpa;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** One single-use recovery code of a user, stored as its SHA-256 (see {@code RecoveryCodes}). */
@Entity
@Table(name = "nm_recovery_code")
public class RecoveryCodeEntity {

    @Id
    @Column(name = "code_hash")
    public String codeHash;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "used_at")
    public Instant usedAt;
}
