package io.neuromail.api.rest;

import java.util.List;

/**
 * One page of a list, the one list envelope of the API: {@code {"items": [...], "total": n,
 * "page": p, "size": s}}, where {@code total} counts every item of the list (all pages) and
 * {@code page} and {@code size} are those of the {@link PageRequest} it answers.
 */
public record Page<T>(List<T> items, long total, int page, int size) {

    public Page {
        items = List.copyOf(items);
    }

    /** The page of {@code request} that holds {@code items}, out of {@code total}. */
    public static <T> Page<T> of(List<T> items, long total, PageRequest request) {
        return new Page<>(items, total, request.page(), request.size());
    }
}
