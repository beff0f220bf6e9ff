package io.neuromail.identity.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;

import io.neuromail.api.security.RequiresScope;
import io.neuromail.api.security.Scope;

/** How the authentication filter finds the scope a resource method needs. */
class AuthenticationFilterTest {

    @RequiresScope(Scope.CONTACTS)
    static class Declared {
        public void classWide() {
        }

        @RequiresScope(Scope.SEND)
        public void own() {
        }
    }

    static class Undeclared {
        public void any() {
        }

        @RequiresScope(Scope.READ)
        public void readOnlyPost() {
        }
    }

    @Test
    void anUndeclaredReadNeedsReadAndAnUndeclaredChangeNeedsAdmin() throws NoSuchMethodException {
        Method any = Undeclared.class.getMethod("any");

        assertEquals(Scope.READ, AuthenticationFilter.requiredScope(any, Undeclared.class, "GET"));
        assertEquals(Scope.READ, AuthenticationFilter.requiredScope(any, Undeclared.class, "HEAD"));
        for (String change : new String[] {"POST", "PUT", "PATCH", "DELETE"}) {
            assertEquals(Scope.ADMIN, AuthenticationFilter.requiredScope(any, Undeclared.class, change), change);
        }
    }

    @Test
    void aMethodDeclarationWinsOverItsClassAndTheHttpMethod() throws NoSuchMethodException {
        assertEquals(Scope.SEND, AuthenticationFilter.requiredScope(Declared.class.getMethod("own"), Declared.class, "GET"));
        assertEquals(Scope.READ, AuthenticationFilter.requiredScope(Undeclared.class.getMethod("readOnlyPost"),
                Undeclared.class, "POST"));
    }

    @Test
    void aClassDeclarationCoversEveryMethodWithoutItsOwn() throws NoSuchMethodException {
        Method classWide = Declared.class.getMethod("classWide");

        assertEquals(Scope.CONTACTS, AuthenticationFilter.requiredScope(classWide, Declared.class, "GET"));
        assertEquals(Scope.CONTACTS, AuthenticationFilter.requiredScope(classWide, Declared.class, "DELETE"));
    }
}
