/**
 * What a bundle needs to contribute REST resources to the NeuroMail API: the application to bind
 * to and the error type that becomes an RFC 7807 problem response.
 */
@Export
@Version("1.5.0")
package io.neuromail.api.rest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
