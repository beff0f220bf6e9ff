/**
 * What other bundles may ask of campaigns and the extension point they may fill: a
 * {@link io.neuromail.campaigns.api.ContentGenerator} writes a draft of a campaign's content from a
 * marketer's brief (an AI writer, a template service). Every call names the account it acts for.
 */
@Export
@Version("1.0.0")
package io.neuromail.campaigns.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
