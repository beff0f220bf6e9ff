package io.neuromail.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.NotSupportedException;
import javax.ws.rs.ServiceUnavailableException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.neuromail.api.rest.ApiException;

class ProblemMapperTest {

    private static final MediaType PROBLEM_JSON = MediaType.valueOf("application/problem+json");
    private static final Pattern ERROR_ID = Pattern.compile("Error id: ([0-9a-f-]{36})");

    private final ProblemMapper mapper = new ProblemMapper();
    private final ObjectMapper json = ObjectMappers.create();

    record Profile(String role) {
    }

    record Signup(String email, int seats, Profile profile) {
    }

    @Test
    void apiExceptionBecomesAProblemWithItsFieldErrorsAndHeaders() {
        ApiException failure = new ApiException(429, "Too Many Requests", "Slow down",
                List.of(new ApiException.FieldError("email", "was tried too often")), Map.of("Retry-After", "30"));

        Response response = mapper.toResponse(failure);

        assertEquals(429, response.getStatus());
        assertEquals(PROBLEM_JSON, response.getMediaType());
        assertEquals("30", response.getHeaderString("Retry-After"));
        assertEquals(Map.of(
                "type", "about:blank",
                "title", "Too Many Requests",
                "status", 429,
                "detail", "Slow down",
                "errors", List.of(Map.of("field", "email", "message", "was tried too often"))), body(response));
    }

    @Test
    void validationFailureListsEveryField() {
        ApiException failure = assertThrows(ApiException.class, () -> ApiException.validation()
                .reject("email", "is not an email address")
                .reject("password", "is too short")
                .throwIfInvalid());

        Response response = mapper.toResponse(failure);

        assertEquals(422, response.getStatus());
        Map<String, Object> body = body(response);
        assertEquals("2 fields are invalid", body.get("detail"));
        assertEquals(List.of(
                Map.of("field", "email", "message", "is not an email address"),
                Map.of("field", "password", "message", "is too short")), body.get("errors"));
    }

    @Test
    void apiExceptionWithoutFieldErrorsHasNoErrorsMember() {
        Response response = mapper.toResponse(ApiException.notFound("Contact"));

        assertEquals(404, response.getStatus());
        assertEquals(Map.of("type", "about:blank", "title", "Not Found", "status", 404, "detail", "Contact not found"),
                body(response));
    }

    @Test
    void unknownFieldIsA400NamingTheField() {
        UnrecognizedPropertyException failure = assertThrows(UnrecognizedPropertyException.class,
                () -> json.readValue("{\"email\":\"ana@example.com\",\"seats\":1,\"isAdmin\":true}", Signup.class));

        Response response = mapper.toResponse(failure);

        assertEquals(400, response.getStatus());
        assertEquals(PROBLEM_JSON, response.getMediaType());
        Map<String, Object> body = body(response);
        assertEquals("Unknown field 'isAdmin'", body.get("detail"));
        assertEquals(List.of(Map.of("field", "isAdmin", "message", "is not a known field")), body.get("errors"));
    }

    @Test
    void unknownNestedFieldIsNamedByItsPath() {
        UnrecognizedPropertyException failure = assertThrows(UnrecognizedPropertyException.class,
                () -> json.readValue("{\"email\":\"a@b.example\",\"seats\":1,\"profile\":{\"role\":\"x\",\"owner\":1}}",
                        Signup.class));

        Map<String, Object> body = body(mapper.toResponse(failure));

        assertEquals("Unknown field 'owner'", body.get("detail"));
        assertEquals(List.of(Map.of("field", "profile.owner", "message", "is not a known field")), body.get("errors"));
    }

    @Test
    void wrongTypeIsA400NamingTheField() {
        MismatchedInputException failure = assertThrows(MismatchedInputException.class,
                () -> json.readValue("{\"email\":\"a@b.example\",\"seats\":\"many\"}", Signup.class));

        Response response = mapper.toResponse(failure);

        assertEquals(400, response.getStatus());
        Map<String, Object> body = body(response);
        assertEquals("Field 'seats' has the wrong type", body.get("detail"));
        assertEquals(List.of(Map.of("field", "seats", "message", "has the wrong type")), body.get("errors"));
    }

    @Test
    void malformedJsonIsA400WithLineAndColumn() {
        JsonParseException failure = assertThrows(JsonParseException.class,
                () -> json.readValue("{\n  \"email\": \"a@b.example\",\n  seats: 1\n}", Signup.class));
        // The unquoted field name starts at line 3, column 3.
        assertEquals(3, failure.getLocation().getLineNr());
        assertEquals(3, failure.getLocation().getColumnNr());

        Response response = mapper.toResponse(failure);

        assertEquals(400, response.getStatus());
        assertEquals(PROBLEM_JSON, response.getMediaType());
        Map<String, Object> body = body(response);
        assertEquals("The request body is not valid JSON at line 3, column 3", body.get("detail"));
        assertFalse(body.containsKey("errors"));
    }

    @Test
    void unknownEndpointIsA404() {
        Response response = mapper.toResponse(new NotFoundException("HTTP 404 Not Found"));

        assertEquals(404, response.getStatus());
        assertEquals(PROBLEM_JSON, response.getMediaType());
        assertEquals(Map.of("type", "about:blank", "title", "Not Found", "status", 404, "detail", "No such endpoint"),
                body(response));
    }

    @Test
    void wrongMethodAndMediaTypeAreExplained() {
        Response notAllowed = mapper.toResponse(new NotAllowedException("GET"));
        Response unsupported = mapper.toResponse(new NotSupportedException());

        assertEquals(405, notAllowed.getStatus());
        assertEquals("Method Not Allowed", body(notAllowed).get("title"));
        assertEquals(415, unsupported.getStatus());
        assertEquals("Send the request body as application/json", body(unsupported).get("detail"));
    }

    @Test
    void otherClientErrorsKeepTheirStatus() {
        Response response = mapper.toResponse(new WebApplicationException(Response.Status.CONFLICT));

        assertEquals(409, response.getStatus());
        assertEquals("Conflict", body(response).get("title"));
    }

    @Test
    void unexpectedFailureIsA500WithAnErrorIdAndNoInternals() throws JsonProcessingException {
        RuntimeException failure = new IllegalStateException(
                "ERROR: permission denied in SELECT secret FROM users WHERE id = 7",
                new java.sql.SQLException("SELECT secret FROM users"));

        Response response = mapper.toResponse(failure);

        assertEquals(500, response.getStatus());
        assertEquals(PROBLEM_JSON, response.getMediaType());
        Map<String, Object> body = body(response);
        assertEquals("Internal Server Error", body.get("title"));
        assertEquals(500, body.get("status"));
        String rendered = json.writeValueAsString(body);
        assertFalse(rendered.contains("SELECT"), rendered);
        assertFalse(rendered.contains("secret"), rendered);
        assertFalse(rendered.contains("IllegalStateException"), rendered);
        assertFalse(rendered.contains("java."), rendered);
        assertFalse(rendered.contains("Exception"), rendered);
        assertNull(response.getHeaderString("Retry-After"));

        Matcher id = ERROR_ID.matcher((String) body.get("detail"));
        assertTrue(id.find(), rendered);
        assertEquals(id.group(1), UUID.fromString(id.group(1)).toString());
    }

    @Test
    void everyUnexpectedFailureGetsItsOwnErrorId() {
        String first = errorId(mapper.toResponse(new RuntimeException("one")));
        String second = errorId(mapper.toResponse(new RuntimeException("one")));

        assertNotEquals(first, second);
    }

    @Test
    void serverErrorsFromJaxRsAreTreatedAsUnexpected() {
        Response response = mapper.toResponse(new ServiceUnavailableException("backend db-7 is down"));

        assertEquals(500, response.getStatus());
        String detail = (String) body(response).get("detail");
        assertFalse(detail.contains("db-7"), detail);
        assertTrue(ERROR_ID.matcher(detail).find(), detail);
    }

    private static String errorId(Response response) {
        Matcher id = ERROR_ID.matcher((String) body(response).get("detail"));
        assertTrue(id.find(), response.getEntity().toString());
        return id.group(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Response response) {
        return assertInstanceOf(Map.class, response.getEntity());
    }
}
