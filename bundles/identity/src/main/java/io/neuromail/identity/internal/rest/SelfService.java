package io.neuromail.identity.internal.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint about the signed-in user themselves (their password, two-factor authentication,
 * sessions, the accounts they belong to): every member reaches it whatever their role, and also while
 * their account still waits for them to set up two-factor authentication. API keys still need the
 * scope the method declares (or {@code admin}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@interface SelfService {
}
