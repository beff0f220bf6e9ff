package io.neuromail.api.rest;

/**
 * Constants for contributing to the NeuroMail REST API on the JAX-RS whiteboard.
 * <p>
 * A resource joins the API with
 * {@code @JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)}; it is then served under
 * {@value #BASE_PATH}, receives JSON through the platform's provider, has its errors rendered as
 * {@code application/problem+json} and is protected by authentication and CSRF checks.
 */
public final class NeuroMailApi {

    /** The {@code osgi.jaxrs.name} of the NeuroMail JAX-RS application. */
    public static final String APPLICATION_NAME = "neuromail";

    /** Filter selecting the NeuroMail application. */
    public static final String APPLICATION_SELECT = "(osgi.jaxrs.name=" + APPLICATION_NAME + ")";

    /** Where the application is served. */
    public static final String BASE_PATH = "/api/v1";

    /** Name of the JSON extension; resources require it so they never answer without it. */
    public static final String JSON_EXTENSION = "neuromail.json";

    /** Name of the authentication extension; resources require it so they are never unprotected. */
    public static final String AUTH_EXTENSION = "neuromail.auth";

    /** Filter to put in {@code osgi.jaxrs.extension.select} of every NeuroMail resource. */
    public static final String REQUIRE_JSON = "(osgi.jaxrs.name=" + JSON_EXTENSION + ")";

    /** Filter to put in {@code osgi.jaxrs.extension.select} of every NeuroMail resource. */
    public static final String REQUIRE_AUTH = "(osgi.jaxrs.name=" + AUTH_EXTENSION + ")";

    /** Media type of error responses. */
    public static final String PROBLEM_JSON = "application/problem+json";

    /** Request header carrying the CSRF token of a browser session. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    /** Configuration PID of {@link PublicAddress} ({@code etc/io.neuromail.public.cfg}). */
    public static final String PUBLIC_PID = "io.neuromail.public";

    private NeuroMailApi() {
    }
}
