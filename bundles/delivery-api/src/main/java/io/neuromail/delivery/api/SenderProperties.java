package io.neuromail.delivery.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The service properties of an {@link EmailSender}, as one annotation on a DS component:
 * <pre>
 * &#64;Component(service = EmailSender.class, property = "service.ranking:Integer=10")
 * &#64;SenderProperties(name = "acme", title = "Acme Mail API")
 * public class AcmeSender implements EmailSender { ... }
 * </pre>
 * The ranking is the standard {@code service.ranking} property: when the sender an account chose is
 * gone and fallback is on, the sender with the highest ranking takes over.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SenderProperties {

    /** Property prefix for the element names below. */
    String PREFIX_ = "neuromail.sender.";

    /** Service property: the sender's name, unique per system ({@code a-z 0-9 -}), e.g. {@code "smtp"}. */
    String NAME = "neuromail.sender.name";

    /** Service property: a human title shown in the sender settings, e.g. {@code "Amazon SES"}. */
    String TITLE = "neuromail.sender.title";

    /** The sender's name, see {@link #NAME}. */
    String name();

    /** The title, see {@link #TITLE}; the name when empty. */
    String title() default "";
}
