/**
 * What the rest of NeuroMail may ask of the address book: the recipients of lists and segments
 * minus suppressed addresses, whether one address is suppressed, and status changes that come from
 * outside the contacts bundle (an unsubscribe link, a bounce, a complaint).
 * <p>
 * Every call names the account it acts for; nothing here crosses accounts. The contacts bundle
 * provides every service of this package.
 */
@Export
@Version("1.4.0")
package io.neuromail.contacts.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
