package io.neuromail.identity.internal;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.neuromail.api.persistence.InstantConverter;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.persistence.Persistence;
import io.neuromail.api.persistence.PersistenceUnit;
import io.neuromail.identity.internal.jpa.AccountEntity;
import io.neuromail.identity.internal.jpa.ActivityEntity;
import io.neuromail.identity.internal.jpa.ApiKeyCredential;
import io.neuromail.identity.internal.jpa.ApiKeyEntity;
import io.neuromail.identity.internal.jpa.MemberEntity;
import io.neuromail.identity.internal.jpa.RecoveryCodeEntity;
import io.neuromail.identity.internal.jpa.SessionEntity;
import io.neuromail.identity.internal.jpa.TokenEntity;
import io.neuromail.identity.internal.jpa.TwoFactorEntity;
import io.neuromail.identity.internal.jpa.UserEntity;

/** Migrates the identity tables at start-up and holds the one persistence unit of this bundle. */
@Component(service = IdentityDatabase.class)
public class IdentityDatabase {

    static final String CHANGELOG = "io/neuromail/identity/db/changelog.xml";

    private final PersistenceUnit unit;
    private final Jdbc jdbc;

    @Activate
    public IdentityDatabase(@Reference Persistence persistence) {
        this.unit = persistence.open("identity", IdentityDatabase.class.getClassLoader(), CHANGELOG,
                List.of(AccountEntity.class, UserEntity.class, SessionEntity.class, ApiKeyEntity.class,
                        ApiKeyCredential.class, ActivityEntity.class, TokenEntity.class, TwoFactorEntity.class,
                        RecoveryCodeEntity.class, MemberEntity.class, InstantConverter.class));
        this.jdbc = persistence.jdbc();
    }

    public PersistenceUnit unit() {
        return unit;
    }

    /** Plain JDBC on the same database, for the activity chain's row locks and paged walks. */
    public Jdbc jdbc() {
        return jdbc;
    }

    @Deactivate
    void deactivate() {
        unit.close();
    }
}
