package io.neuromail.campaigns.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.neuromail.api.mail.EmailAddress;
import io.neuromail.api.rest.ApiException;

/** Checks of the fields a campaign is written with: lengths, one-line texts, addresses, tags. */
final class Fields {

    private Fields() {
    }

    /** A required name of 1 to 200 characters on one line. */
    static String name(String raw) {
        ApiException.Validation v = ApiException.validation();
        String name = optional(v, "name", raw, 200, false);
        v.require(name != null, "name", "give a name");
        v.throwIfInvalid();
        return name;
    }

    /** A one-line text of at most {@code max} characters, stripped; {@code null} when blank. */
    static String optional(ApiException.Validation v, String field, String raw, int max, boolean allowBlank) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = raw.strip();
        if (value.length() > max) {
            v.reject(field, field + " has at most " + max + " characters (this one has " + value.length() + ")");
            return null;
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            v.reject(field, field + " is one line");
            return null;
        }
        return value;
    }

    /** A text of several lines (a postal address), at most {@code max} characters. */
    static String multiline(ApiException.Validation v, String field, String raw, int max) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = raw.strip().replace("\r\n", "\n");
        if (value.length() > max) {
            v.reject(field, field + " has at most " + max + " characters");
            return null;
        }
        return value;
    }

    /** An optional address, in the form it is stored and sent with. */
    static String address(ApiException.Validation v, String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return EmailAddress.of(raw.strip()).address();
        } catch (IllegalArgumentException e) {
            v.reject(field, "not a valid address: " + shown(raw) + " (" + e.getMessage() + ")");
            return null;
        }
    }

    /** An HTML or text body of at most {@link Composer#MAX_BODY_CHARS}. */
    static String body(ApiException.Validation v, String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > Composer.MAX_BODY_CHARS) {
            v.reject(field, field + " has at most " + Composer.MAX_BODY_CHARS / 1024 + " KB");
            return null;
        }
        return raw;
    }

    /** Tags: at most {@code max}, each 1 to 64 letters, digits, spaces, dashes or underscores; lower case. */
    static List<String> tags(ApiException.Validation v, List<String> raw, int max) {
        List<String> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        if (raw.size() > max) {
            v.reject("tags", "at most " + max + " tags");
            return out;
        }
        for (String t : raw) {
            if (t == null || t.isBlank()) {
                continue;
            }
            String tag = t.strip().toLowerCase(Locale.ROOT);
            boolean ok = tag.length() <= 64 && tag.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == ' '
                    || c == '-' || c == '_');
            if (!ok) {
                v.reject("tags", "a tag has at most 64 letters, digits, spaces, dashes or underscores: " + shown(t));
            } else if (!out.contains(tag)) {
                out.add(tag);
            }
        }
        return out;
    }

    /** A value as an error message may show it: short, on one line. */
    static String shown(String raw) {
        String s = raw == null ? "" : raw.replaceAll("[\\r\\n\\t]", " ");
        return "\"" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "\"";
    }
}
