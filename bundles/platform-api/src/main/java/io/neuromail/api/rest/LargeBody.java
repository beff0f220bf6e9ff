package io.neuromail.api.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method (or a whole resource class) that takes a request body larger than the
 * API's request body limit, such as a file upload. The platform's limit then does not apply to it:
 * the method bounds the body itself, for example with {@link RequestBodies#bounded}, and answers
 * {@code 413} when it is too large; or it names its own limit ({@link #kilobytes()}), which the
 * platform enforces like the API's.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface LargeBody {

    /**
     * The method's own limit in kilobytes, which the platform then enforces in place of the API's
     * (never below it), e.g. for a JSON body that may list many recipients. {@code 0} (the default):
     * the method bounds its body itself.
     */
    int kilobytes() default 0;
}
