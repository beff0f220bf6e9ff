/**
 * Mail NeuroMail itself sends to its users: verification links, password resets, invitations.
 */
@Export
@Version("1.0.0")
package io.neuromail.api.mail;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
