/**
 * Account-scoped persistence: how a bundle gets its own migrated tables and EntityManagers that
 * can only ever see one account's rows.
 */
@Export
@Version("2.1.0")
package io.neuromail.api.persistence;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
