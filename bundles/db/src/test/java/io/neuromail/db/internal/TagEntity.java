package io.neuromail.db.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A global test entity: it belongs to no account. */
@Entity
@Table(name = "nm_test_tag")
public class TagEntity {

    @Id
    @Column(name = "id")
    public String id;

    @Column(name = "name")
    public String name;

    public TagEntity() {
    }

    TagEntity(String id, String name) {
        this.id = id;
        this.name = name;
    }
}
