/**
 * Segment conditions that other bundles add: a bundle that knows something about contacts (what
 * they were sent, what they opened) registers a {@link io.neuromail.contacts.api.segments.SegmentField}
 * and segments can then filter on it like on the contact's own fields.
 */
@Export
@Version("1.0.0")
package io.neuromail.contacts.api.segments;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
