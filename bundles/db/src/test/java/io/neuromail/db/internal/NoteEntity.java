package io.neuromail.db.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.MultitenantType;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.neuromail.api.persistence.AccountScoped;

/** An account-scoped test entity, declared exactly as {@link AccountScoped} tells bundles to. */
@Entity
@Table(name = "nm_test_note")
@Multitenant(MultitenantType.SINGLE_TABLE)
@TenantDiscriminatorColumn(name = AccountScoped.COLUMN, contextProperty = AccountScoped.PROPERTY)
public class NoteEntity {

    @Id
    @Column(name = "id")
    public String id;

    @Column(name = "note_text")
    public String text;

    public NoteEntity() {
    }

    NoteEntity(String id, String text) {
        this.id = id;
        this.text = text;
    }
}
