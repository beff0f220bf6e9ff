package io.neuromail.identity.internal;

import javax.persistence.EntityManager;

import io.neuromail.api.persistence.PersistenceUnit;
import io.neuromail.api.security.Caller;
import io.neuromail.identity.internal.jpa.AccountEntity;

/**
 * Whether an account may send mail now ({@link Caller#maySend()}): while the operator asks for
 * confirmed addresses ({@link SignupMode#VERIFY_EMAIL}), an account sends nothing until its owner's
 * address is confirmed. Sessions, API keys and account views all answer it this one way.
 */
final class SendPermission {

    private final SignupMode signupMode;

    SendPermission(SignupMode signupMode) {
        this.signupMode = signupMode;
    }

    boolean maySend(PersistenceUnit db, String accountId) {
        return signupMode != SignupMode.VERIFY_EMAIL || db.global(em -> maySend(em, accountId));
    }

    boolean maySend(EntityManager em, String accountId) {
        return signupMode != SignupMode.VERIFY_EMAIL || maySend(em.find(AccountEntity.class, accountId));
    }

    boolean maySend(AccountEntity account) {
        return signupMode != SignupMode.VERIFY_EMAIL || account != null && account.verifiedAt != null;
    }
}
