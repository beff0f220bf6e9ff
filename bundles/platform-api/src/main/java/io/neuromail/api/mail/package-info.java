/**
 * Mail NeuroMail itself sends to its users (verification links, password resets, invitations), and
 * the one e-mail address type every bundle validates and normalises addresses with.
 */
@Export
@Version("1.1.0")
package io.neuromail.api.mail;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
