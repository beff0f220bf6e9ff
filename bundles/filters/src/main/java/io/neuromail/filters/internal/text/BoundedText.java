package io.neuromail.filters.internal.text;

/**
 * Text for a regular expression written by an operator, which may backtrack: each read of a
 * character spends one unit of a budget proportional to the text's length, and a match that
 * overspends stops with {@link Exhausted} instead of running for minutes on a crafted message.
 */
final class BoundedText implements CharSequence {

    /** Reads per character of text a match may make before it is stopped. */
    static final int READS_PER_CHAR = 64;

    /** Thrown when the budget is spent. */
    static final class Exhausted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Exhausted() {
            super("regular expression budget spent", null, false, false);
        }
    }

    private final String text;
    private long budget;

    BoundedText(String text) {
        this.text = text;
        this.budget = (long) READS_PER_CHAR * text.length() + 100_000;
    }

    @Override
    public char charAt(int index) {
        if (--budget < 0) {
            throw new Exhausted();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
