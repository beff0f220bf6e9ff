package io.neuromail.rest.internal;

import javax.ws.rs.core.Application;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import io.neuromail.api.rest.NeuroMailApi;

/**
 * The NeuroMail JAX-RS application. Every bundle's resources and the platform's extensions bind to
 * it, so the API lives under one base path with one set of providers.
 * <p>
 * It is registered only once the JAX-RS whiteboard runs ({@link JaxrsServiceRuntime}). Aries starts
 * its whiteboard on Pax Web's configuration thread when the HTTP runtime appears, and deploying an
 * application takes the whiteboard's lock and then waits for that same thread; an application
 * registered by another thread while the whiteboard was starting deadlocked a start. Registered after
 * the runtime, the application is deployed by the thread that registers the runtime.
 */
@Component(service = Application.class)
@JaxrsApplicationBase(NeuroMailApi.BASE_PATH)
@JaxrsName(NeuroMailApi.APPLICATION_NAME)
public class NeuroMailApplication extends Application {

    @Reference
    private JaxrsServiceRuntime whiteboard;
}
