package io.neuromail.api.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A failure to tell the client about. The platform renders it as an RFC 7807
 * {@code application/problem+json} response with this status, title, detail and, for validation
 * failures, one entry per offending field. Never put secrets, SQL or stack traces in it.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final List<FieldError> fieldErrors;
    private final Map<String, String> headers;
    private final Map<String, Object> properties = new java.util.LinkedHashMap<>();

    public ApiException(int status, String title, String detail) {
        this(status, title, detail, List.of(), Map.of());
    }

    public ApiException(int status, String title, String detail, List<FieldError> fieldErrors,
                        Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.title = title;
        this.fieldErrors = List.copyOf(fieldErrors);
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    /** Extra response headers, such as {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * Adds a member to the problem document beside the standard ones (RFC 7807 extension members),
     * e.g. the content filters' verdict of a refused send. The value is rendered as JSON; the
     * standard members ({@code type}, {@code title}, {@code status}, {@code detail}, {@code errors})
     * cannot be replaced.
     */
    public ApiException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /** The extension members added with {@link #with}, in order. */
    public Map<String, Object> properties() {
        return java.util.Collections.unmodifiableMap(properties);
    }

    /** 404 for a missing object, and equally for an object of another account. */
    public static ApiException notFound(String what) {
        return new ApiException(404, "Not Found", what + " not found");
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad Request", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "Unauthorized", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "Forbidden", detail);
    }

    /** 413: a request body (or an upload) over its limit. */
    public static ApiException payloadTooLarge(String detail) {
        return new ApiException(413, "Payload Too Large", detail);
    }

    public static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ApiException(429, "Too Many Requests", detail, List.of(),
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
    }

    /**
     * 422 for one invalid field: the problem's detail and its one {@code errors[]} entry both carry
     * {@code message}.
     */
    public static ApiException invalid(String field, String message) {
        return new ApiException(422, "Validation Failed", message, List.of(new FieldError(field, message)), Map.of());
    }

    /** Collects field errors and throws one 422 when there are any. */
    public static Validation validation() {
        return new Validation();
    }

    /** One invalid field. */
    public record FieldError(String field, String message) {
    }

    /** Accumulates field errors so the client sees all of them at once. */
    public static final class Validation {
        private final List<FieldError> errors = new ArrayList<>();

        private Validation() {
        }

        public Validation reject(String field, String message) {
            errors.add(new FieldError(field, message));
            return this;
        }

        public Validation require(boolean condition, String field, String message) {
            if (!condition) {
                reject(field, message);
            }
            return this;
        }

        public boolean hasErrors() {
            return !errors.isEmpty();
        }

        /** Throws a 422 problem listing every rejected field, if any. */
        public void throwIfInvalid() {
            if (errors.size() == 1) {
                throw invalid(errors.get(0).field(), errors.get(0).message());
            }
            if (!errors.isEmpty()) {
                throw new ApiException(422, "Validation Failed",
                        errors.size() == 1 ? errors.get(0).message() : errors.size() + " fields are invalid",
                        errors, Map.of());
            }
        }
    }
}
