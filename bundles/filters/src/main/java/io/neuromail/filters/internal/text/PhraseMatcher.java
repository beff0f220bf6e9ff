package io.neuromail.filters.internal.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds many phrases in one pass over a text (Aho-Corasick), matching whole words only: a phrase
 * matches where it is neither preceded nor followed by a letter or digit. Phrases are matched as
 * given (callers lower-case both sides); white space in a phrase matches one space, which is what
 * normalised text has. Immutable and thread-safe once built.
 *
 * @param <T> what each phrase carries (its weight, its rule)
 */
public final class PhraseMatcher<T> {

    /** One occurrence of a phrase in the text, {@code [start, end)}. */
    public record Match<T>(int start, int end, String phrase, T value) {
    }

    private static final int ASCII = 128;

    private static final class NodeState<T> {
        final Map<Character, NodeState<T>> next = new HashMap<>();
        /** Transitions of ASCII characters, the common case, without boxing or hashing. */
        @SuppressWarnings("unchecked")
        final NodeState<T>[] ascii = new NodeState[ASCII];
        NodeState<T> fail;
        final List<Entry<T>> outputs = new ArrayList<>();

        NodeState<T> step(char c) {
            return c < ASCII ? ascii[c] : next.get(c);
        }
    }

    private record Entry<T>(String phrase, T value) {
    }

    private final NodeState<T> root = new NodeState<>();
    private final int size;

    private PhraseMatcher(Map<String, T> phrases) {
        for (Map.Entry<String, T> e : phrases.entrySet()) {
            NodeState<T> node = root;
            for (char c : e.getKey().toCharArray()) {
                node = node.next.computeIfAbsent(c, k -> new NodeState<>());
            }
            node = root;
            for (char c : e.getKey().toCharArray()) {
                NodeState<T> child = node.next.get(c);
                if (c < ASCII) {
                    node.ascii[c] = child;
                }
                node = child;
            }
            node.outputs.add(new Entry<>(e.getKey(), e.getValue()));
        }
        this.size = phrases.size();
        linkFailures();
    }

    /** A matcher of {@code phrases} (blank phrases are ignored; later duplicates win). */
    public static <T> PhraseMatcher<T> of(Map<String, T> phrases) {
        Map<String, T> clean = new HashMap<>();
        phrases.forEach((phrase, value) -> {
            String p = phrase.strip().replaceAll("\\s+", " ");
            if (!p.isEmpty()) {
                clean.put(p, value);
            }
        });
        return new PhraseMatcher<>(clean);
    }

    /** How many phrases it knows. */
    public int size() {
        return size;
    }

    private void linkFailures() {
        List<NodeState<T>> queue = new ArrayList<>();
        for (NodeState<T> child : root.next.values()) {
            child.fail = root;
            queue.add(child);
        }
        for (int i = 0; i < queue.size(); i++) {
            NodeState<T> node = queue.get(i);
            for (Map.Entry<Character, NodeState<T>> e : node.next.entrySet()) {
                NodeState<T> child = e.getValue();
                NodeState<T> f = node.fail;
                while (f != null && !f.next.containsKey(e.getKey())) {
                    f = f.fail;
                }
                child.fail = f == null ? root : f.next.get(e.getKey());
                child.outputs.addAll(child.fail.outputs);
                queue.add(child);
            }
        }
    }

    /** Every whole-word occurrence in {@code text}, in order of where it ends. */
    public List<Match<T>> findAll(String text) {
        List<Match<T>> matches = new ArrayList<>();
        forEach(text, matches::add);
        return matches;
    }

    /** Calls {@code sink} with every whole-word occurrence in {@code text}. */
    public void forEach(String text, Consumer<Match<T>> sink) {
        NodeState<T> node = root;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            NodeState<T> next = node.step(c);
            while (next == null && node != root) {
                node = node.fail;
                next = node.step(c);
            }
            node = next == null ? root : next;
            if (node.outputs.isEmpty()) {
                continue;
            }
            for (Entry<T> out : node.outputs) {
                int end = i + 1;
                int start = end - out.phrase().length();
                if (boundary(text, start - 1) && boundary(text, end)) {
                    sink.accept(new Match<>(start, end, out.phrase(), out.value()));
                }
            }
        }
    }

    private static boolean boundary(String text, int index) {
        return index < 0 || index >= text.length() || !Character.isLetterOrDigit(text.charAt(index));
    }
}
