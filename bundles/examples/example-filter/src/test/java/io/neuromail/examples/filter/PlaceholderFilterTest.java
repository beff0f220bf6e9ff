package io.neuromail.examples.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.Finding;
import io.neuromail.filter.api.Link;
import io.neuromail.filter.api.Message;
import io.neuromail.filter.api.Part;

class PlaceholderFilterTest {

    private static Message message(String subject, String text) {
        return new Message(new Email(subject, null, null, null, text, Map.of()), text, "", List.<Link>of(), List.of(), 0);
    }

    @Test
    void findsPlaceholdersInSubjectAndText() {
        List<Finding> findings = new PlaceholderFilter().check(message("Hello [First Name]", "Lorem ipsum dolor sit amet"));
        assertEquals(2, findings.size());
        assertEquals(Part.SUBJECT, findings.get(0).location().part());
        assertEquals("[First Name]", findings.get(0).location().match());
        assertEquals("Lorem ipsum", findings.get(1).location().match());
    }

    @Test
    void aFinishedMessageHasNone() {
        assertEquals(List.of(), new PlaceholderFilter().check(message("Hello Ada", "Our autumn programme is out; todos are done.")));
    }
}
