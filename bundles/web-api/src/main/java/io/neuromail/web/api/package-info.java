/**
 * Extending the NeuroMail web UI: a bundle adds a page to the application's navigation by
 * registering a {@link io.neuromail.web.api.NavigationEntry} service and serving the page's ES
 * module itself on the HTTP whiteboard.
 */
@Export
@Version("1.1.0")
package io.neuromail.web.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
