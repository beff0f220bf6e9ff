/**
 * The campaign pages of the web UI, contributed as a {@link io.neuromail.web.api.NavigationEntry}
 * service; their ES modules and the CodeMirror editor are static files of this bundle.
 */
package io.neuromail.campaigns.web.internal;
