package io.neuromail.delivery.internal.jpa;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.eclipse.persistence.annotations.Cache;
import org.eclipse.persistence.config.CacheIsolationType;
import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.MultitenantType;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.neuromail.api.persistence.AccountScoped;

/** An account's delivery settings: its sender and whether another may stand in. Account-scoped. */
@Entity
@Table(name = "nm_delivery_settings")
@Multitenant(MultitenantType.SINGLE_TABLE)
@TenantDiscriminatorColumn(name = AccountScoped.COLUMN, contextProperty = AccountScoped.PROPERTY)
@Cache(isolation = CacheIsolationType.ISOLATED)
public class SettingsEntity {

    @Id
    @Column(name = "id")
    public String id;

    @Column(name = "sender_name")
    public String senderName;

    @Column(name = "fallback")
    public boolean fallback;

    @Column(name = "updated_at")
    public long updatedAt;
}
