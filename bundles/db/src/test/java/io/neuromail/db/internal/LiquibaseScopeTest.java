package io.neuromail.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.database.Database;

/** The settings Liquibase runs NeuroMail's migrations with, as Liquibase itself reads them. */
class LiquibaseScopeTest {

    @Test
    void liquibaseSeesItsAnalyticsTurnedOffByTheUser() throws Exception {
        // Unset, Liquibase asks analytics.liquibase.com whether to report; FALSE is "the user turned it off",
        // which it honours before any connection.
        Boolean enabled = Scope.child(PersistenceService.liquibaseScope(getClass().getClassLoader()),
                () -> AnalyticsArgs.ENABLED.getCurrentValue());
        assertEquals(Boolean.FALSE, enabled);
    }

    @Test
    void liquibaseLooksUpItsServicesWithItsOwnClassLoader() throws Exception {
        ClassLoader loader = Scope.child(PersistenceService.liquibaseScope(getClass().getClassLoader()),
                () -> Scope.getCurrentScope().getClassLoader());
        assertSame(Database.class.getClassLoader(), loader);
    }
}
