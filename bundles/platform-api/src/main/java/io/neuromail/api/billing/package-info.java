/**
 * Plans and their limits: what an account may have or do in a period (contacts, e-mails a month, team
 * members, AI drafts a month). The billing bundle provides {@link AccountLimits}; every bundle that
 * accepts such work asks it before it accepts, with its own count of the usage.
 */
@Export
@Version("1.0.0")
package io.neuromail.api.billing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
