package io.neuromail.rest.internal;

import javax.ws.rs.core.Application;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import io.neuromail.api.rest.NeuroMailApi;

/**
 * The NeuroMail JAX-RS application. Every bundle's resources and the platform's extensions bind to
 * it, so the API lives under one base path with one set of providers.
 */
@Component(service = Application.class)
@JaxrsApplicationBase(NeuroMailApi.BASE_PATH)
@JaxrsName(NeuroMailApi.APPLICATION_NAME)
public class NeuroMailApplication extends Application {
}
