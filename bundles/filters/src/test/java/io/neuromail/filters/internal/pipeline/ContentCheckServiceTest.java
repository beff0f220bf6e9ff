package io.neuromail.filters.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.junit.jupiter.api.Test;

class ContentCheckServiceTest {

    @Test
    void filterListsOfACfgFileAreSplitOnCommasAndSpaces() {
        assertEquals(Set.of("links", "phishing"), ContentCheckService.names(new String[] {"links, phishing"}));
        assertEquals(Set.of("links", "phishing", "adult"), ContentCheckService.names(new String[] {"links", " phishing ,adult"}));
        assertEquals(Set.of(), ContentCheckService.names(new String[] {""}));
        assertEquals(Set.of(), ContentCheckService.names(new String[0]));
    }
}
