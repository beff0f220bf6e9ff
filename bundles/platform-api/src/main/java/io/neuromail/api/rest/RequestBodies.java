package io.neuromail.api.rest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Request bodies: one that must be there ({@link #required}), and bounds: refuse a declared {@code Content-Length} over the limit before reading
 * anything, and cut off a body (chunked or lying about its length) once it passes the limit. Both
 * answer {@code 413} as an {@link ApiException}.
 */
public final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * The JSON body a resource method was given: an absent one is the client's mistake ({@code 400}),
     * not a null to trip over later.
     *
     * @since 1.5
     */
    public static <T> T required(T body) {
        if (body == null) {
            throw ApiException.badRequest("A JSON request body is required");
        }
        return body;
    }

    /**
     * Throws a 413 when the {@code Content-Length} header value declares more than {@code maxBytes}.
     * A missing or unparsable header passes: the body is then bounded while it is read.
     */
    public static void checkLength(String contentLength, long maxBytes) {
        if (declaresMoreThan(contentLength, maxBytes)) {
            throw tooLarge(maxBytes);
        }
    }

    /** Whether the {@code Content-Length} header value declares more than {@code maxBytes}. */
    public static boolean declaresMoreThan(String contentLength, long maxBytes) {
        if (contentLength == null) {
            return false;
        }
        try {
            return Long.parseLong(contentLength.strip()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * {@code body}, which throws a 413 {@link ApiException} from {@code read} as soon as more than
     * {@code maxBytes} have come. It is unchecked so that a reader which turns {@link IOException}s
     * into other answers still lets it through; {@link #exceeded(InputStream)} tells afterwards.
     */
    public static InputStream bounded(InputStream body, long maxBytes) {
        return new Bounded(body, maxBytes);
    }

    /** Whether {@code stream} is a {@link #bounded} stream that passed its limit. */
    public static boolean exceeded(InputStream stream) {
        return stream instanceof Bounded b && b.exceeded;
    }

    /** The problem answered for a body over {@code maxBytes}. */
    public static ApiException tooLarge(long maxBytes) {
        return ApiException.payloadTooLarge("The request body may have at most " + human(maxBytes));
    }

    /** A size as people read it in a message: "5 MB", "64 KB", or "1000 bytes" when not whole. */
    public static String human(long bytes) {
        if (bytes >= 1024L * 1024 && bytes % (1024L * 1024) == 0) {
            return bytes / (1024L * 1024) + " MB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }

    private static final class Bounded extends FilterInputStream {
        private final long max;
        private long count;
        private volatile boolean exceeded;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            check(0);
            int b = in.read();
            if (b >= 0) {
                check(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check(0);
            // Never ask for more than one byte past the limit, so a huge body is not buffered first.
            int n = in.read(b, off, (int) Math.min(len, Math.max(1, max - count + 1)));
            if (n > 0) {
                check(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            check(0);
            long skipped = in.skip(Math.min(n, max - count + 1));
            check(skipped);
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void check(long more) {
            count += more;
            if (count > max || exceeded) {
                exceeded = true;
                throw tooLarge(max);
            }
        }
    }
}
