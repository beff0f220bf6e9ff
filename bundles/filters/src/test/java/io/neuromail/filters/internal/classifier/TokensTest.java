package io.neuromail.filters.internal.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.neuromail.filter.api.Email;
import io.neuromail.filters.internal.message.MessageAnalyzer;

class TokensTest {

    @Test
    void aLinkHostThatIsNoHostNameGivesNoToken() {
        assertEquals("example.org", Tokens.domain("www.example.org"));
        assertEquals("", Tokens.domain("berkshire hathaway.com"), "a space");
        assertEquals("", Tokens.domain("tab\texample.org"));
        assertEquals("", Tokens.domain("nbsp\u00a0example.org"));
        Set<String> t = Tokens.of(MessageAnalyzer.analyze(new Email("Hello", "a@b.example", null,
                "<a href=\"http://berkshire hathaway.com/x\">x</a><a href=\"http://ok.example/\">y</a>", null, Map.of())));
        assertTrue(t.contains("h:ok.example"), t.toString());
        assertTrue(t.stream().filter(x -> x.startsWith(Tokens.HOST)).allMatch(SpamModel::writable), t.toString());
    }
}
