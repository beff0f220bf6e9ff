package io.neuromail.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import javax.ws.rs.core.GenericType;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedHashMap;
import javax.ws.rs.core.StreamingOutput;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

class JsonProviderTest {

    private static final Annotation[] NONE = new Annotation[0];
    private static final MediaType PROBLEM_JSON = MediaType.valueOf("application/problem+json");

    private final JsonProvider provider = new JsonProvider();

    record Contact(String email, int opens, Instant subscribedAt, List<String> tags) {
    }

    @Test
    void recordRoundTripsWithIsoInstants() throws IOException {
        Contact contact = new Contact("ana@example.com", 3, Instant.parse("2024-05-01T10:15:30Z"), List.of("vip", "news"));

        String written = write(contact, Contact.class);

        assertEquals("{\"email\":\"ana@example.com\",\"opens\":3,\"subscribedAt\":\"2024-05-01T10:15:30Z\","
                + "\"tags\":[\"vip\",\"news\"]}", written);
        assertEquals(contact, read(written, Contact.class, Contact.class));
    }

    @Test
    void genericTypesAreRead() throws IOException {
        Type listOfContacts = new GenericType<List<Contact>>() { }.getType();

        Object read = read("[{\"email\":\"a@b.example\",\"opens\":0,\"subscribedAt\":null,\"tags\":[]}]",
                List.class, listOfContacts);

        assertEquals(List.of(new Contact("a@b.example", 0, null, List.of())), read);
    }

    @Test
    void unknownFieldsAreRejected() {
        UnrecognizedPropertyException failure = assertThrows(UnrecognizedPropertyException.class, () -> read(
                "{\"email\":\"a@b.example\",\"opens\":0,\"tags\":[],\"admin\":true}", Contact.class, Contact.class));

        assertEquals("admin", failure.getPropertyName());
    }

    @Test
    void malformedJsonIsRejected() {
        assertThrows(JsonParseException.class, () -> read("{\"email\": ", Contact.class, Contact.class));
    }

    @Test
    void trailingContentIsRejected() {
        assertThrows(MismatchedInputException.class, () -> read(
                "{\"email\":\"a@b.example\",\"opens\":0,\"tags\":[]} {\"email\":\"x@y.example\"}",
                Contact.class, Contact.class));
    }

    @Test
    void handlesJsonAndJsonSuffixedMediaTypesOnly() {
        assertTrue(provider.isReadable(Contact.class, Contact.class, NONE, MediaType.APPLICATION_JSON_TYPE));
        assertTrue(provider.isWriteable(Contact.class, Contact.class, NONE, PROBLEM_JSON));
        assertFalse(provider.isReadable(Contact.class, Contact.class, NONE, MediaType.TEXT_PLAIN_TYPE));
        assertFalse(provider.isWriteable(Contact.class, Contact.class, NONE, MediaType.APPLICATION_XML_TYPE));
        assertFalse(provider.isReadable(Contact.class, Contact.class, NONE, null));
    }

    @Test
    void leavesRawBodiesToTheContainer() {
        assertFalse(provider.isWriteable(String.class, String.class, NONE, MediaType.APPLICATION_JSON_TYPE));
        assertFalse(provider.isWriteable(byte[].class, byte[].class, NONE, MediaType.APPLICATION_JSON_TYPE));
        assertFalse(provider.isReadable(InputStream.class, InputStream.class, NONE, MediaType.APPLICATION_JSON_TYPE));
        assertFalse(provider.isWriteable(StreamingOutput.class, StreamingOutput.class, NONE,
                MediaType.APPLICATION_JSON_TYPE));
    }

    @Test
    void writingDoesNotCloseTheContainersStream() throws IOException {
        ClosingTrackingStream out = new ClosingTrackingStream();

        provider.writeTo(new Contact("a@b.example", 1, null, List.of()), Contact.class, Contact.class, NONE,
                MediaType.APPLICATION_JSON_TYPE, new MultivaluedHashMap<>(), out);

        assertFalse(out.closed, "the response stream was closed");
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("{\"email\":\"a@b.example\""));
    }

    private String write(Object value, Class<?> type) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        provider.writeTo(value, type, type, NONE, MediaType.APPLICATION_JSON_TYPE, new MultivaluedHashMap<>(), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object read(String body, Class type, Type genericType) throws IOException {
        return provider.readFrom((Class<Object>) type, genericType, NONE, MediaType.APPLICATION_JSON_TYPE,
                new MultivaluedHashMap<>(), new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static final class ClosingTrackingStream extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }
}
