package io.neuromail.filters.internal.mime;

/** A raw message that cannot be read as RFC 5322 / MIME; the message says what is wrong with it. */
public class MalformedMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedMessageException(String message) {
        super(message);
    }
}
