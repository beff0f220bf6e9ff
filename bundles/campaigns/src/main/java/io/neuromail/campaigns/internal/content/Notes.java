package io.neuromail.campaigns.internal.content;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain-language notes about what sanitising removed, each counted once and in first-seen order. */
final class Notes {

    private final Map<String, Integer> counts = new LinkedHashMap<>();

    void add(String note) {
        counts.merge(note, 1, Integer::sum);
    }

    List<String> list() {
        List<String> out = new ArrayList<>(counts.size());
        counts.forEach((note, count) -> out.add(count == 1 ? note : note + " (" + count + " times)"));
        return List.copyOf(out);
    }
}
