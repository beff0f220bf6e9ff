/**
 * The team of an account as other bundles need it: a member's role (for work only owners may do,
 * such as choosing the plan) and the owners' addresses (for notices to an account).
 */
@Export
@Version("1.0.0")
package io.neuromail.api.team;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
