package io.neuromail.tracking.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds whether a text contains any of many substrings, ignoring case, in one pass over the text
 * (Aho-Corasick): the time is linear in the text whatever the list's size, and no pattern is a
 * regular expression.
 */
final class Substrings {

    /** Lines longer than this in a list are not patterns anyone meant. */
    static final int MAX_PATTERN = 200;

    private final List<Map<Character, Integer>> next = new ArrayList<>();
    private final List<Integer> fail = new ArrayList<>();
    private final List<Boolean> terminal = new ArrayList<>();
    private final int size;

    Substrings(Collection<String> patterns) {
        node();
        int count = 0;
        for (String pattern : patterns) {
            String p = pattern.toLowerCase(Locale.ROOT);
            if (p.isEmpty() || p.length() > MAX_PATTERN) {
                continue;
            }
            int state = 0;
            for (int i = 0; i < p.length(); i++) {
                Integer to = next.get(state).get(p.charAt(i));
                if (to == null) {
                    to = node();
                    next.get(state).put(p.charAt(i), to);
                }
                state = to;
            }
            terminal.set(state, true);
            count++;
        }
        size = count;
        ArrayDeque<Integer> queue = new ArrayDeque<>(next.get(0).values());
        while (!queue.isEmpty()) {
            int state = queue.poll();
            for (Map.Entry<Character, Integer> edge : next.get(state).entrySet()) {
                int child = edge.getValue();
                int f = fail.get(state);
                while (f != 0 && !next.get(f).containsKey(edge.getKey())) {
                    f = fail.get(f);
                }
                Integer to = next.get(f).get(edge.getKey());
                int target = to == null || to == child ? 0 : to;
                fail.set(child, target);
                if (terminal.get(target)) {
                    terminal.set(child, true);
                }
                queue.add(child);
            }
        }
    }

    private int node() {
        next.add(new HashMap<>(4));
        fail.add(0);
        terminal.add(false);
        return next.size() - 1;
    }

    /** How many patterns the list holds. */
    int size() {
        return size;
    }

    boolean foundIn(String text) {
        if (text == null || size == 0) {
            return false;
        }
        int state = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = Character.toLowerCase(text.charAt(i));
            Integer to = next.get(state).get(ch);
            while (to == null && state != 0) {
                state = fail.get(state);
                to = next.get(state).get(ch);
            }
            state = to == null ? 0 : to;
            if (terminal.get(state)) {
                return true;
            }
        }
        return false;
    }

    /** Reads a list: one substring a line, {@code #} starts a comment line, blank lines ignored. */
    static List<String> read(InputStream in) throws IOException {
        List<String> patterns = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String p = line.strip();
                if (!p.isEmpty() && !p.startsWith("#")) {
                    patterns.add(p);
                }
            }
        }
        return patterns;
    }
}
