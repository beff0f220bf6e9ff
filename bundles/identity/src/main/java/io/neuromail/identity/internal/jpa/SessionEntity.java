package io.neuromail.identity.internal.jpa;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A browser session. Its id is the SHA-256 of the cookie value, so a database leak yields no session. */
@Entity
@Table(name = "nm_session")
public class SessionEntity {

    @Id
    @Column(name = "id")
    public String id;

    /** A random id for the API, which never shows {@link #id}; null for sessions opened before it existed. */
    @Column(name = "public_id")
    public String publicId;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "csrf_token")
    public String csrfToken;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "ip")
    public String ip;

    @Column(name = "user_agent")
    public String userAgent;
}
