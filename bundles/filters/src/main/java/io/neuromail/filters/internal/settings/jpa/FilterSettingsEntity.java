package io.neuromail.filters.internal.settings.jpa;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.MultitenantType;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.neuromail.api.persistence.AccountScoped;

/**
 * An account's content filter settings (at most one row per account). A {@code null} threshold means
 * the operator's default.
 */
@Entity
@Table(name = "nm_filter_settings")
@Multitenant(MultitenantType.SINGLE_TABLE)
@TenantDiscriminatorColumn(name = AccountScoped.COLUMN, contextProperty = AccountScoped.PROPERTY)
public class FilterSettingsEntity {

    @Id
    @Column(name = "id")
    public String id;

    @Column(name = "warn_threshold")
    public Double warnThreshold;

    @Column(name = "block_threshold")
    public Double blockThreshold;

    /** Names of the filters the account switched off, comma-separated. */
    @Column(name = "disabled_filters")
    public String disabledFilters;

    /** Names of the filters the operator disabled by default that the account switched on, comma-separated. */
    @Column(name = "enabled_filters")
    public String enabledFilters;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
