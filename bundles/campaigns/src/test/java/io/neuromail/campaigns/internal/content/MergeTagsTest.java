package io.neuromail.campaigns.internal.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MergeTagsTest {

    @Test
    void tagsBecomePlainPlaceholdersAndComeBackVerbatim() {
        String html = "<p>Hi {{ first_name | default: \"there\" }} {% if vip %}VIP{% endif %}</p>";
        MergeTags.Protected p = MergeTags.protect(html);
        assertEquals(3, p.tags().size());
        assertFalse(p.text().contains("{"), p.text());
        boolean[] seen = new boolean[3];
        assertEquals(html, p.tags().restoreHtml(p.text(), seen));
        assertArrayEquals(new boolean[] {true, true, true}, seen);
    }

    @Test
    void insideAnAttributeDoubleQuotesBecomeSingleQuotes() {
        MergeTags.Protected p = MergeTags.protect("<a href=\"{{ url | append: \"?a=1\" }}\">{{ name | default: \"you\" }}</a>");
        String back = p.tags().restoreHtml(p.text(), null);
        assertEquals("<a href=\"{{ url | append: '?a=1' }}\">{{ name | default: \"you\" }}</a>", back);
        assertEquals("<a href=\"{{ url | append: \"?a=1\" }}\">{{ name | default: \"you\" }}</a>", p.tags().restorePlain(p.text(), null));
    }

    @Test
    void whatCouldOpenAnElementIsNoTag() {
        for (String notATag : new String[] {"{{ x<script>alert(1)</script> }}", "{% if a <b %}", "{{ open", "{{ " + "x".repeat(MergeTags.MAX_TAG_LENGTH) + " }}"}) {
            MergeTags.Protected p = MergeTags.protect(notATag);
            assertEquals(0, p.tags().size(), notATag);
            assertEquals(notATag, p.text());
        }
        assertEquals(1, MergeTags.protect("{% if a < b and c <= d %}").tags().size());
    }

    @Test
    void thePlaceholderPrefixNeverOccursInTheInput() {
        MergeTags.Protected p = MergeTags.protect("nmtag {{ a }}");
        assertTrue(p.text().startsWith("nmtag "));
        assertEquals("nmtag {{ a }}", p.tags().restorePlain(p.text(), null));
    }
}
