/**
 * Who is calling: the authenticated account and user behind a request.
 */
@Export
@Version("1.0.0")
package io.neuromail.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
