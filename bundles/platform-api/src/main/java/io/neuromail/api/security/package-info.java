/**
 * Who is calling: the authenticated account and user behind a request, and what it may do
 * ({@link io.neuromail.api.security.Scope}, {@link io.neuromail.api.security.RequiresScope}).
 */
@Export
@Version("1.3.0")
package io.neuromail.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
