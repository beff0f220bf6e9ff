package io.neuromail.identity.internal.jpa;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

/**
 * A user's membership of an account, with the role that decides what the user may do there. A user
 * may be a member of several accounts. Global, because a user's accounts are listed across accounts.
 */
@Entity
@Table(name = "nm_member")
@IdClass(MemberEntity.Key.class)
public class MemberEntity {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Id
    @Column(name = "user_id")
    public String userId;

    /** {@code owner}, {@code admin}, {@code editor} or {@code viewer}. */
    @Column(name = "role")
    public String role;

    @Column(name = "created_at")
    public Instant createdAt;

    /** The primary key: account and user. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        public String accountId;
        public String userId;

        public Key() {
        }

        public Key(String accountId, String userId) {
            this.accountId = accountId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(accountId, k.accountId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(accountId, userId);
        }
    }
}
