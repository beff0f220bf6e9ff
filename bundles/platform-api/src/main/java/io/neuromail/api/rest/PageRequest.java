package io.neuromail.api.rest;

/**
 * Which part of a list a client asks for, the one paging vocabulary of the API: {@code page}
 * (0-based) and {@code size} (items per page) as query parameters; the answer is a {@link Page}.
 * Endpoints that were published with {@code limit} and {@code offset} accept those too: {@code limit}
 * is the size, {@code offset} the number of items to skip (its page is {@code offset / size}).
 * A resource takes the four parameters as strings and hands them to {@link #of}, which answers
 * {@code 422} naming the parameter that is not a whole number or out of range.
 *
 * @param page   the 0-based page, {@code offset / size}
 * @param size   items per page, 1 to the endpoint's maximum
 * @param offset items to skip; {@code page * size} unless the client gave an {@code offset}
 */
public record PageRequest(int page, int size, long offset) {

    /** Items per page when the client does not say. */
    public static final int DEFAULT_SIZE = 50;
    /** The largest page unless an endpoint says otherwise. */
    public static final int MAX_SIZE = 500;
    /** The furthest a client may skip into a list. */
    public static final long MAX_OFFSET = 10_000_000L;

    /** {@code page}/{@code size} only, with the default size and maximum. */
    public static PageRequest of(String page, String size) {
        return of(page, size, null, null, DEFAULT_SIZE, MAX_SIZE);
    }

    /**
     * The request from its query parameters; any may be null (not given).
     *
     * @throws ApiException 422 naming the offending parameter
     */
    public static PageRequest of(String page, String size, String limit, String offset, int defaultSize, int maxSize) {
        if (size != null && limit != null) {
            throw ApiException.invalid("limit", "give size or limit, not both");
        }
        if (page != null && offset != null) {
            throw ApiException.invalid("offset", "give page or offset, not both");
        }
        String sizeName = limit != null ? "limit" : "size";
        long n = number(sizeName, limit != null ? limit : size, defaultSize);
        if (n < 1 || n > maxSize) {
            throw ApiException.invalid(sizeName, sizeName + " is 1 to " + maxSize);
        }
        int perPage = (int) n;
        if (offset != null) {
            long skip = number("offset", offset, 0);
            if (skip < 0 || skip > MAX_OFFSET) {
                throw ApiException.invalid("offset", "offset is 0 to " + MAX_OFFSET);
            }
            return new PageRequest((int) (skip / perPage), perPage, skip);
        }
        long p = number("page", page, 0);
        if (p < 0 || p * perPage > MAX_OFFSET) {
            throw ApiException.invalid("page", p < 0 ? "page starts at 0" : "page is at most " + MAX_OFFSET / perPage);
        }
        return new PageRequest((int) p, perPage, p * perPage);
    }

    private static long number(String name, String value, long absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        String v = value.strip();
        if (v.length() > 12) {
            throw ApiException.invalid(name, name + " must be a whole number");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, name + " must be a whole number");
        }
    }
}
