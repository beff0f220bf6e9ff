package io.neuromail.contacts.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation of tags: 1 to 100 characters, no control characters, trimmed; compared exactly. */
public final class Tags {

    public static final int MAX_LENGTH = 100;
    public static final int MAX_PER_CONTACT = 100;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private Tags() {
    }

    /** The tag trimmed, or {@code null} when it is not acceptable. */
    public static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        String t = raw.strip();
        if (t.isEmpty() || t.length() > MAX_LENGTH || CONTROL.matcher(t).find()) {
            return null;
        }
        return t;
    }

    /** Cleans every tag; the invalid ones are listed in {@code invalid}. */
    public static List<String> cleanAll(List<String> raw, List<String> invalid) {
        Set<String> out = new LinkedHashSet<>();
        for (String r : raw == null ? List.<String>of() : raw) {
            String t = clean(r);
            if (t == null) {
                invalid.add(r);
            } else {
                out.add(t);
            }
        }
        return new ArrayList<>(out);
    }
}
