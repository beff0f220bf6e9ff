package io.neuromail.filter.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares a Declarative Services component as a {@link ContentFilter}: one annotation sets every
 * whiteboard property.
 * <pre>
 * &#64;Component(service = ContentFilter.class)
 * &#64;FilterService(name = "profanity", description = "Swear words", order = 600)
 * public class ProfanityFilter implements ContentFilter { ... }
 * </pre>
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface FilterService {

    /** Prefix of every property this annotation sets. */
    String PREFIX_ = "neuromail.filter.";

    /** {@value ContentFilter#PROPERTY_NAME}: the filter's unique name. */
    String name();

    /** {@value ContentFilter#PROPERTY_DESCRIPTION}: one line saying what it checks. */
    String description() default "";

    /** {@value ContentFilter#PROPERTY_ORDER}: position in the pipeline, lower first. */
    int order() default ContentFilter.DEFAULT_ORDER;

    /**
     * {@value ContentFilter#PROPERTY_TIMEOUT}: the filter's own time limit in milliseconds; {@code 0}
     * (the default) runs it under the operator's limit.
     */
    long timeout() default 0;
}
