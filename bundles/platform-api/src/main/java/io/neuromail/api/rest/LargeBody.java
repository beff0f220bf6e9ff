package io.neuromail.api.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method (or a whole resource class) that takes a request body larger than the
 * API's request body limit, such as a file upload. The platform's limit then does not apply to it:
 * the method must bound the body itself, for example with {@link RequestBodies#bounded}, and answer
 * {@code 413} when it is too large.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface LargeBody {
}
