/**
 * What other bundles may ask of tracking: the opens and clicks of a send, counted as they arrive,
 * with what people did kept apart from what machines (link scanners, privacy proxies, prefetchers) did.
 */
@Export
@Version("1.3.0")
package io.neuromail.tracking.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
