package io.neuromail.senderidentity.internal.jpa;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.eclipse.persistence.annotations.Cache;
import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.MultitenantType;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;
import org.eclipse.persistence.config.CacheIsolationType;

import io.neuromail.api.persistence.AccountScoped;

/** An address or domain an account sends from, and how far its verification got. Account-scoped. */
@Entity
@Table(name = "nm_sender_identity")
@Multitenant(MultitenantType.SINGLE_TABLE)
@TenantDiscriminatorColumn(name = AccountScoped.COLUMN, contextProperty = AccountScoped.PROPERTY)
@Cache(isolation = CacheIsolationType.ISOLATED)
public class IdentityEntity {

    @Id
    @Column(name = "id")
    public String id;

    /** {@code address} or {@code domain}. */
    @Column(name = "kind")
    public String type;

    /** The normal form: {@code local@domain} or the ASCII domain, lower case. */
    @Column(name = "identity_value")
    public String value;

    /** {@code pending}, {@code verified} or {@code failed}. */
    @Column(name = "status")
    public String status;

    @Column(name = "status_reason")
    public String statusReason;

    /** Comma-separated DKIM selectors of a domain. */
    @Column(name = "dkim_selectors")
    public String dkimSelectors;

    /** A domain's verification token, published by the user in DNS (not a secret). */
    @Column(name = "dns_token")
    public String dnsToken;

    /** JSON of the last DNS check of a domain. */
    @Column(name = "dns_report")
    public String dnsReport;

    @Column(name = "created_at")
    public long createdAt;

    @Column(name = "updated_at")
    public long updatedAt;

    @Column(name = "verified_at")
    public Long verifiedAt;

    @Column(name = "checked_at")
    public Long checkedAt;

    /** When the last verification mail of an address was queued. */
    @Column(name = "mail_sent_at")
    public Long mailSentAt;

    /** When the link of the last verification mail expires. */
    @Column(name = "link_expires_at")
    public Long linkExpiresAt;
}
