/**
 * Extending the NeuroMail web UI: a bundle adds a page to the application's navigation by
 * registering a {@link io.neuromail.web.api.NavigationEntry} service and serving the page's ES
 * module itself on the HTTP whiteboard.
 * <p>
 * The package version also versions the page contract, the {@code ctx} the UI shell hands a page
 * (described in the web bundle's README): what a minor version adds to {@code ctx} is there for
 * every page bundle built against it, since such a bundle imports this package from that version on.
 * <ul>
 * <li>1.4.0: {@code ctx.ui.timeChart} (a chart of values over time, drawn under the UI's
 * Content-Security-Policy, with the same numbers in a table for screen readers).</li>
 * <li>1.3.0: {@link io.neuromail.web.api.NavigationEntry#group()} and its constants (the navigation
 * is shown in groups with headings); {@code ctx.guardLeave} (a page asks before the user leaves it
 * with unsaved changes).</li>
 * <li>1.2.0: pages reach the server only through {@code ctx}: {@code ctx.api.upload} (a file or raw
 * body with the CSRF token), {@code ctx.api.getText}, {@code ctx.api.url} (download links) and
 * {@code ctx.ApiError}; a page imports no module of the shell or of another bundle.</li>
 * <li>1.1.0: {@link io.neuromail.web.api.NavigationPage}.</li>
 * </ul>
 */
@Export
@Version("1.4.0")
package io.neuromail.web.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
