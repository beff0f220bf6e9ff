/**
 * The account's activity log: every bundle records its state-changing actions here.
 */
@Export
@Version("1.0.0")
package io.neuromail.api.activity;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
