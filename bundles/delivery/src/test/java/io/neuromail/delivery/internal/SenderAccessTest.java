package io.neuromail.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SenderAccessTest {

    private static SenderAccess with(String... allowed) {
        SenderAccess access = new SenderAccess();
        access.configure(new SenderAccess.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return SenderAccess.Config.class;
            }

            @Override
            public String[] allowed() {
                return allowed;
            }
        });
        return access;
    }

    @Test
    void everyAccountMayUseTheDefaultSenderAndOthersOnlyWhereTheOperatorAllowsIt() {
        SenderAccess none = with();
        assertTrue(none.allows("acct-1", "outbox", "outbox"));
        assertFalse(none.allows("acct-1", "ses", "outbox"));

        SenderAccess some = with("ses, smtp-relay:acct-1+acct-2", "smtp-eu : acct-3");
        assertTrue(some.allows("acct-9", "ses", "outbox"));
        assertTrue(some.allows("acct-2", "smtp-relay", "outbox"));
        assertFalse(some.allows("acct-3", "smtp-relay", "outbox"));
        assertTrue(some.allows("acct-3", "smtp-eu", "outbox"));
        assertFalse(some.allows("acct-1", "smtp-eu", "outbox"));

        assertTrue(with("*").allows("acct-1", "anything", "outbox"));
        assertTrue(with("*:acct-1").allows("acct-1", "anything", "outbox"));
        assertFalse(with("*:acct-1").allows("acct-2", "anything", "outbox"));
    }
}
