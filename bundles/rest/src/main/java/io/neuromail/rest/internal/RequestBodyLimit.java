package io.neuromail.rest.internal;

import java.io.IOException;
import java.io.InputStream;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.ext.ReaderInterceptor;
import javax.ws.rs.ext.ReaderInterceptorContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.neuromail.api.rest.LargeBody;
import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.rest.RequestBodies;

/**
 * One request body limit for the whole API. A declared {@code Content-Length} over it is answered
 * {@code 413} before any of the body is read; a body without one (chunked) is cut off with
 * {@code 413} as soon as it passes the limit, whichever reader reads it. Methods marked
 * {@link LargeBody} (uploads) bound their bodies themselves. ({@link ProblemMapper} closes the rest of
 * the body of every 413 so that the answer goes out without waiting for it.)
 */
@Component(service = {ContainerRequestFilter.class, ReaderInterceptor.class}, configurationPid = RequestBodyLimit.PID)
@Designate(ocd = RequestBodyLimit.Config.class)
@JaxrsExtension
@JaxrsName("neuromail.bodyLimit")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
public class RequestBodyLimit implements ContainerRequestFilter, ReaderInterceptor {

    static final String PID = "io.neuromail.rest";

    @ObjectClassDefinition(name = "NeuroMail REST API", description = "Limits of the REST API.")
    public @interface Config {
        @AttributeDefinition(name = "Request body limit (KB)", min = "1",
                description = "Largest request body of the API, in kilobytes (JSON, webhooks); uploads have their own limits.")
        int maxBodyKilobytes() default 2048;
    }

    @Context
    private ResourceInfo resource;

    private volatile long maxBytes;

    public RequestBodyLimit() {
    }

    RequestBodyLimit(ResourceInfo resource, long maxBytes) {
        this.resource = resource;
        this.maxBytes = maxBytes;
    }

    @Activate
    @Modified
    void configure(Config config) {
        maxBytes = config.maxBodyKilobytes() * 1024L;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        long max = limit();
        if (max < 0) {
            return;
        }
        if (RequestBodies.declaresMoreThan(request.getHeaderString(HttpHeaders.CONTENT_LENGTH), max)) {
            throw RequestBodies.tooLarge(max);
        }
        // Not request.hasEntity(): on CXF it reads a body without Content-Length to its end to find out.
        InputStream body = request.getEntityStream();
        if (body != null) {
            request.setEntityStream(RequestBodies.bounded(body, max));
        }
    }

    /** A reader may wrap the limit's failure in its own (Jackson does); the client still gets the 413. */
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        InputStream stream = context.getInputStream();
        try {
            return context.proceed();
        } catch (IOException | RuntimeException e) {
            if (RequestBodies.exceeded(stream)) {
                throw RequestBodies.tooLarge(limit());
            }
            throw e;
        }
    }

    /**
     * The limit of this request's method in bytes: the API's, the method's own {@link LargeBody#kilobytes()},
     * or -1 when the method bounds its body itself.
     */
    private long limit() {
        if (resource == null || resource.getResourceMethod() == null) {
            return maxBytes;
        }
        LargeBody large = resource.getResourceMethod().getAnnotation(LargeBody.class);
        if (large == null) {
            large = resource.getResourceClass().getAnnotation(LargeBody.class);
        }
        if (large == null) {
            return maxBytes;
        }
        return large.kilobytes() > 0 ? Math.max(maxBytes, large.kilobytes() * 1024L) : -1;
    }
}
