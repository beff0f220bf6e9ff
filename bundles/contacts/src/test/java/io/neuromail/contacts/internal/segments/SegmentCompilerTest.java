package io.neuromail.contacts.internal.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.neuromail.contacts.internal.AttributeType;

class SegmentCompilerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SegmentCompiler compiler = new SegmentCompiler("acct", Map.of("city", AttributeType.TEXT,
            "score", AttributeType.NUMBER, "x') OR 1=1 --", AttributeType.TEXT), id -> id.equals("list-1"));

    private SqlCondition compile(String json) throws Exception {
        return compiler.compile(JSON.readTree(json));
    }

    @Test
    void valuesAndNamesAreParametersSoTheyNeverChangeTheQuery() throws Exception {
        SqlCondition plain = compile("{\"field\":\"attribute\",\"attribute\":\"city\",\"op\":\"is\",\"value\":\"Berlin\"}");
        SqlCondition hostile = compile("{\"field\":\"attribute\",\"attribute\":\"x') OR 1=1 --\",\"op\":\"is\","
                + "\"value\":\"'; DROP TABLE nm_contact; --\"}");
        assertEquals(plain.sql(), hostile.sql());
        assertEquals(List.of("acct", "x') OR 1=1 --", "'; drop table nm_contact; --"), hostile.params());
        assertFalse(hostile.sql().contains("DROP"));
    }

    @Test
    void groupsNestAndEveryConditionIsScopedToTheAccount() throws Exception {
        SqlCondition c = compile("{\"match\":\"any\",\"conditions\":[{\"field\":\"tag\",\"op\":\"has\",\"value\":\"vip\"},"
                + "{\"match\":\"all\",\"conditions\":[{\"field\":\"list\",\"op\":\"in\",\"value\":\"list-1\"},"
                + "{\"field\":\"attribute\",\"attribute\":\"score\",\"op\":\"greater_than\",\"value\":\"7.5\"}]}]}");
        assertTrue(c.sql().startsWith("(EXISTS (SELECT 1 FROM nm_contact_tag t WHERE t.account_id = ?"), c.sql());
        assertTrue(c.sql().contains(" OR (EXISTS"), c.sql());
        assertEquals(List.of("acct", "vip", "acct", "list-1", "acct", "score", new BigDecimal("7.5")), c.params());
    }

    @Test
    void likePatternsAreEscaped() throws Exception {
        SqlCondition c = compile("{\"field\":\"email\",\"op\":\"contains\",\"value\":\"50%_off!\"}");
        assertEquals(List.of("%50!%!_off!!%"), c.params());
        assertTrue(c.sql().endsWith("ESCAPE '!'"));
    }

    @Test
    void mistakesNameTheirPath() {
        assertPath("filter.conditions[1].op", "{\"match\":\"all\",\"conditions\":[{\"field\":\"status\",\"op\":\"is\","
                + "\"value\":\"subscribed\"},{\"field\":\"attribute\",\"attribute\":\"city\",\"op\":\"greater_than\",\"value\":\"a\"}]}");
        assertPath("filter.value", "{\"field\":\"status\",\"op\":\"is\",\"value\":\"happy\"}");
        assertPath("filter.value", "{\"field\":\"list\",\"op\":\"in\",\"value\":\"list-2\"}");
        assertPath("filter.attribute", "{\"field\":\"attribute\",\"attribute\":\"age\",\"op\":\"is\",\"value\":\"1\"}");
        assertPath("filter.field", "{\"field\":\"password\",\"op\":\"is\",\"value\":\"1\"}");
        assertPath("filter.sql", "{\"field\":\"email\",\"op\":\"is\",\"value\":\"a\",\"sql\":\"1=1\"}");
        assertPath("filter.match", "{\"match\":\"some\",\"conditions\":[{\"field\":\"email\",\"op\":\"is\",\"value\":\"a\"}]}");
        assertPath("filter.conditions", "{\"match\":\"all\",\"conditions\":[]}");
        assertPath("filter.value", "{\"field\":\"attribute\",\"attribute\":\"score\",\"op\":\"less_than\",\"value\":\"ten\"}");
        assertPath("filter.value", "{\"field\":\"created_at\",\"op\":\"before\",\"value\":\"yesterday\"}");
    }

    @Test
    void depthAndSizeAreLimited() throws Exception {
        String deep = "{\"field\":\"email\",\"op\":\"is\",\"value\":\"a\"}";
        for (int i = 0; i <= SegmentCompiler.MAX_DEPTH; i++) {
            deep = "{\"match\":\"all\",\"conditions\":[" + deep + "]}";
        }
        JsonNode tooManyLevels = JSON.readTree(deep);
        assertTrue(assertThrows(SegmentException.class, () -> compiler.compile(tooManyLevels)).getMessage().contains("nested"));
        StringBuilder many = new StringBuilder("{\"match\":\"any\",\"conditions\":[");
        for (int i = 0; i <= SegmentCompiler.MAX_CONDITIONS; i++) {
            many.append(i > 0 ? "," : "").append("{\"field\":\"email\",\"op\":\"is\",\"value\":\"a").append(i).append("\"}");
        }
        JsonNode wide = JSON.readTree(many.append("]}").toString());
        assertTrue(assertThrows(SegmentException.class, () -> compiler.compile(wide)).getMessage().contains("at most"));
    }

    private void assertPath(String path, String json) {
        SegmentException e = assertThrows(SegmentException.class, () -> compile(json));
        assertEquals(path, e.path(), e.getMessage());
    }
}
