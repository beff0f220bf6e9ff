/**
 * The contacts pages of the web UI, contributed as {@link io.neuromail.web.api.NavigationEntry}
 * services; their ES modules are static files of this bundle.
 */
package io.neuromail.contacts.web.internal;
