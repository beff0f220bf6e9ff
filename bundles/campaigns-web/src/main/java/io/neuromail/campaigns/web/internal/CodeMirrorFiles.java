package io.neuromail.campaigns.web.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * Serves the files of the CodeMirror 5 editor copied into this bundle from its webjar (see
 * {@code bnd.bnd}) at {@value #BASE}. The core and its modes create no inline scripts or
 * {@code <style>} elements, so they run under the UI's Content-Security-Policy; its stylesheet is
 * loaded with a {@code <link>}.
 */
@Component(service = CodeMirrorFiles.class)
@HttpWhiteboardResource(pattern = CodeMirrorFiles.BASE + "*", prefix = CodeMirrorFiles.RESOURCES)
public class CodeMirrorFiles {

    /** The version of the webjar, as in the pom. */
    static final String VERSION = "5.65.19";
    /** Where the page modules import the editor from. */
    static final String BASE = CampaignsPage.BASE + "codemirror/";
    /** Where the webjar keeps the files, inside this bundle too. */
    static final String RESOURCES = "/META-INF/resources/webjars/codemirror/" + VERSION;
}
