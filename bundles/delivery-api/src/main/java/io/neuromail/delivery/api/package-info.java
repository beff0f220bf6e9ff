/**
 * Writing a sender plugin: a bundle registers an {@link io.neuromail.delivery.api.EmailSender}
 * service (most simply a DS component annotated with {@link io.neuromail.delivery.api.SenderProperties})
 * and NeuroMail's delivery workers hand it fully built messages, one recipient at a time, never
 * faster than the limits it declares. What the provider reports later (delivered, bounced,
 * complained) goes back through {@link io.neuromail.delivery.api.DeliveryFeedback}.
 */
@Export
@Version("1.7.0")
package io.neuromail.delivery.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
