package io.neuromail.itests.support;

import java.net.http.HttpResponse;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** An HTTP answer, with helpers to check it and read it. */
public final class Response {

    private final HttpResponse<String> response;
    private JsonNode json;

    Response(HttpResponse<String> response) {
        this.response = response;
    }

    public int status() {
        return response.statusCode();
    }

    public String body() {
        return response.body();
    }

    public Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }

    public java.util.List<String> headers(String name) {
        return response.headers().allValues(name);
    }

    public boolean isJson() {
        return header("Content-Type").map(t -> t.contains("json")).orElse(false) && !body().isEmpty();
    }

    public JsonNode json() {
        if (json == null) {
            try {
                json = Api.JSON.readTree(body());
            } catch (JsonProcessingException e) {
                throw new AssertionError("Not JSON (" + status() + "): " + body(), e);
            }
        }
        return json;
    }

    /** Asserts the status, showing the whole answer when it differs. */
    public Response expect(int expected) {
        if (status() != expected) {
            throw new AssertionError("Expected HTTP " + expected + " from " + response.request().method() + " "
                    + response.request().uri() + " but got " + status() + ": " + body());
        }
        return this;
    }

    @Override
    public String toString() {
        return status() + " " + body();
    }
}
