/**
 * Content filters: the checks NeuroMail runs on a message before it is sent.
 * <p>
 * A filter author implements {@link io.neuromail.filter.api.ContentFilter}, annotates the component
 * with {@link io.neuromail.filter.api.FilterService} and depends on this package only. The filter
 * pipeline ({@link io.neuromail.filter.api.ContentCheck}) picks up every registered filter at once,
 * runs it on the analysed {@link io.neuromail.filter.api.Message} and folds the
 * {@link io.neuromail.filter.api.Finding}s of all filters into a {@link io.neuromail.filter.api.Verdict}.
 */
@Export
@Version("1.1.0")
package io.neuromail.filter.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
