package io.neuromail.db.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;

import io.neuromail.api.persistence.AccountScoped;
import io.neuromail.api.persistence.DataAccessException;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.persistence.PersistenceUnit;

/**
 * A persistence unit whose EntityManagers are bound to one account or to none. An account's
 * EntityManager is limited twice: EclipseLink adds the account to every statement, and on PostgreSQL
 * its transaction acts as the account role, which row-level security limits to the account's rows.
 */
final class ScopedUnit implements PersistenceUnit {

    private final EntityManagerFactory emf;
    private final Jdbc jdbc;

    ScopedUnit(EntityManagerFactory emf, Jdbc jdbc) {
        this.emf = emf;
        this.jdbc = jdbc;
    }

    @Override
    public <T> T inAccount(String accountId, Function<EntityManager, T> work) {
        if (accountId == null || accountId.isBlank()) {
            throw new IllegalArgumentException("an account id is required");
        }
        return run(emf.createEntityManager(Map.of(AccountScoped.PROPERTY, accountId)), accountId, work);
    }

    @Override
    public <T> T global(Function<EntityManager, T> work) {
        return run(emf.createEntityManager(), null, work);
    }

    private <T> T run(EntityManager em, String accountId, Function<EntityManager, T> work) {
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            if (accountId != null && jdbc.accountRole().isPresent()) {
                scope(em, accountId);
            }
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

    /** Takes the transaction's connection now (EclipseLink would take it at the first statement) and scopes it. */
    private void scope(EntityManager em, String accountId) {
        Connection connection = em.unwrap(Connection.class);
        if (connection == null) {
            throw new IllegalStateException("the EntityManager gave no connection for its transaction");
        }
        try {
            jdbc.scope(connection, accountId);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    @Override
    public void close() {
        emf.close();
    }
}
