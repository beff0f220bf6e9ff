package io.neuromail.api.persistence;

/**
 * Names shared by every account-scoped entity.
 * <p>
 * An entity that belongs to an account is declared
 * <pre>
 * &#64;Entity
 * &#64;Multitenant(MultitenantType.SINGLE_TABLE)
 * &#64;TenantDiscriminatorColumn(name = AccountScoped.COLUMN, contextProperty = AccountScoped.PROPERTY)
 * </pre>
 * and is only ever read or written through an EntityManager from
 * {@link PersistenceUnit#inAccount(String, java.util.function.Function)}. EclipseLink then adds the
 * account condition to every query, update and delete, and fills the column on insert: no query
 * can forget it.
 */
public final class AccountScoped {

    /** The column holding the owning account's id in every account-scoped table. */
    public static final String COLUMN = "account_id";

    /** The EntityManager property carrying the current account id. */
    public static final String PROPERTY = "neuromail.account";

    private AccountScoped() {
    }
}
