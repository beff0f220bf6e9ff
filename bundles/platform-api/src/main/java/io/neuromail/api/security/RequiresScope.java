package io.neuromail.api.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope an API key needs to call a resource method. On a method it applies to that method; on
 * a class to each of its methods that does not carry its own. A browser session may call everything.
 *
 * <p>A method without a declaration (on it or on its class) needs {@link Scope#READ} when it is a
 * {@code GET}, {@code HEAD} or {@code OPTIONS} and {@link Scope#ADMIN} otherwise, so a state-changing
 * method someone forgot to declare is closed to every key but an administrator's. A key with
 * {@code ADMIN} may call every method. {@link PublicEndpoint} methods need no key at all.
 *
 * <pre>
 * &#64;POST
 * &#64;RequiresScope(Scope.SEND)
 * public Response send(...)
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresScope {

    Scope value();
}
