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

/** One activity-log entry of an account. */
@Entity
@Table(name = "nm_activity")
@Multitenant(MultitenantType.SINGLE_TABLE)
@TenantDiscriminatorColumn(name = AccountScoped.COLUMN, contextProperty = AccountScoped.PROPERTY)
public class ActivityEntity {

    @Id
    @Column(name = "id")
    public String id;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "seq")
    public long seq;

    @Column(name = "type")
    public String type;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "api_key_id")
    public String apiKeyId;

    @Column(name = "ip")
    public String ip;

    @Column(name = "user_agent")
    public String userAgent;

    /** Small JSON object of non-secret facts. */
    @Column(name = "details")
    public String details;
}
