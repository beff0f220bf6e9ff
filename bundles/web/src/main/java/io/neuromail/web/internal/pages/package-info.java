/**
 * The web bundle's own pages, contributed through the same {@link io.neuromail.web.api.NavigationEntry}
 * services any other bundle would use.
 */
package io.neuromail.web.internal.pages;
