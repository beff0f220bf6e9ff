package io.neuromail.contacts.internal.segments;

/** A segment filter that cannot be used, with the JSON path of the offending part. */
public final class SegmentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String path;

    public SegmentException(String path, String message) {
        super(message);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
