package io.neuromail.db.internal;

import java.util.Map;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;

import io.neuromail.api.persistence.AccountScoped;
import io.neuromail.api.persistence.PersistenceUnit;

/** A persistence unit whose EntityManagers are bound to one account or to none. */
final class ScopedUnit implements PersistenceUnit {

    private final EntityManagerFactory emf;

    ScopedUnit(EntityManagerFactory emf) {
        this.emf = emf;
    }

    @Override
    public <T> T inAccount(String accountId, Function<EntityManager, T> work) {
        if (accountId == null || accountId.isBlank()) {
            throw new IllegalArgumentException("an account id is required");
        }
        return run(emf.createEntityManager(Map.of(AccountScoped.PROPERTY, accountId)), work);
    }

    @Override
    public <T> T global(Function<EntityManager, T> work) {
        return run(emf.createEntityManager(), work);
    }

    private static <T> T run(EntityManager em, Function<EntityManager, T> work) {
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        } finally {
            em.close();
        }
    }

    @Override
    public void close() {
        emf.close();
    }
}
