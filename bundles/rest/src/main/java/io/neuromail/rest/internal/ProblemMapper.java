package io.neuromail.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.NotSupportedException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.NeuroMailApi;

/**
 * Turns every failure of the NeuroMail application into one RFC 7807 problem document. Clients see
 * a status, a title and a precise detail; they never see a stack trace, a class name or SQL. An
 * unexpected failure is logged with an id that the client also gets, so support can find it.
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName("neuromail.problems")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    @Context
    private HttpServletRequest servletRequest;

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof ApiException api) {
            Response.ResponseBuilder r = problem(api.status(), api.title(), api.detail(), fieldErrors(api),
                    api.properties());
            api.headers().forEach(r::header);
            if (api.status() == 413) {
                // A body too large is not read to its end (see RequestBodyGate): answer now, then drop the connection.
                RequestBodyGate.close(servletRequest);
                r.header("Connection", "close");
            }
            return r.build();
        }
        if (failure instanceof UnrecognizedPropertyException unknown) {
            return problem(400, "Bad Request", "Unknown field '" + unknown.getPropertyName() + "'",
                    List.of(fieldError(path(unknown), "is not a known field"))).build();
        }
        if (failure instanceof InvalidFormatException || failure instanceof MismatchedInputException) {
            JsonMappingException m = (JsonMappingException) failure;
            String field = path(m);
            String detail = field.isEmpty() ? "The request body does not have the expected shape"
                    : "Field '" + field + "' has the wrong type";
            return problem(400, "Bad Request", detail,
                    field.isEmpty() ? List.of() : List.of(fieldError(field, "has the wrong type"))).build();
        }
        if (failure instanceof JsonProcessingException json) {
            String where = json.getLocation() == null ? ""
                    : " at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr();
            return problem(400, "Bad Request", "The request body is not valid JSON" + where, List.of()).build();
        }
        if (failure instanceof NotFoundException) {
            return problem(404, "Not Found", "No such endpoint", List.of()).build();
        }
        if (failure instanceof NotAllowedException) {
            return problem(405, "Method Not Allowed", "This endpoint does not accept that method", List.of()).build();
        }
        if (failure instanceof NotSupportedException) {
            return problem(415, "Unsupported Media Type", "Send the request body as application/json", List.of())
                    .build();
        }
        if (failure instanceof WebApplicationException web && web.getResponse() != null
                && web.getResponse().getStatus() < 500) {
            Response.StatusType status = web.getResponse().getStatusInfo();
            return problem(status.getStatusCode(), status.getReasonPhrase(), status.getReasonPhrase(), List.of())
                    .build();
        }
        String errorId = UUID.randomUUID().toString();
        LOG.error("Unexpected failure, error id {}", errorId, failure);
        return problem(500, "Internal Server Error",
                "The server could not complete the request. Error id: " + errorId, List.of()).build();
    }

    static Response.ResponseBuilder problem(int status, String title, String detail, List<Map<String, String>> errors) {
        return problem(status, title, detail, errors, Map.of());
    }

    static Response.ResponseBuilder problem(int status, String title, String detail, List<Map<String, String>> errors,
                                            Map<String, Object> members) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        members.forEach((name, value) -> {
            if (!name.equals("errors")) {
                body.putIfAbsent(name, value);
            }
        });
        return Response.status(status).type(NeuroMailApi.PROBLEM_JSON).entity(body);
    }

    private static List<Map<String, String>> fieldErrors(ApiException api) {
        List<Map<String, String>> out = new ArrayList<>();
        for (ApiException.FieldError e : api.fieldErrors()) {
            out.add(fieldError(e.field(), e.message()));
        }
        return out;
    }

    private static Map<String, String> fieldError(String field, String message) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("field", field);
        m.put("message", message);
        return m;
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
