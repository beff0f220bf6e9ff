/**
 * Sender identities: the addresses and domains an account has proved it owns, and so may send from.
 * The sender-identities bundle provides it; delivery asks it before anything is queued. Sender
 * bundles whose provider keeps identities of its own register {@link ProviderIdentities}.
 */
@Export
@Version("1.1.0")
package io.neuromail.senderidentity.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
