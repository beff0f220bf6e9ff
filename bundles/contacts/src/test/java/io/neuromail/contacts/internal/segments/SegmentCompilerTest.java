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

import io.neuromail.api.persistence.SqlCondition;
import io.neuromail.contacts.api.segments.SegmentField;
import io.neuromail.contacts.internal.AttributeType;

class SegmentCompilerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SegmentCompiler compiler = new SegmentCompiler("acct", Map.of("city", AttributeType.TEXT,
            "score", AttributeType.NUMBER, "x') OR 1=1 --", AttributeType.TEXT), id -> id.equals("list-1"),
            SegmentFields.none().with("activity", SegmentCompilerTest::activity));

    /** A field as another bundle would add it: "opened" within some days, anything else refused. */
    private static SqlCondition activity(String accountId, String op, Map<String, String> arguments) {
        if (!op.equals("opened")) {
            throw new SegmentField.InvalidCondition("op", "unknown operator '" + op + "'");
        }
        if (!arguments.keySet().equals(java.util.Set.of("days"))) {
            throw new SegmentField.InvalidCondition("days", "is required");
        }
        return new SqlCondition("EXISTS (SELECT 1 FROM opens o WHERE o.account_id = ? AND o.contact_id = c.id AND o.days <= ?)",
                List.of(accountId, Integer.valueOf(arguments.get("days"))));
    }

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

    @Test
    void aFieldAnotherBundleAddsIsCompiledByItInPlaceWithItsParametersInOrder() throws Exception {
        SqlCondition both = compile("{\"match\":\"all\",\"conditions\":[{\"field\":\"status\",\"op\":\"is\",\"value\":\"subscribed\"},"
                + "{\"field\":\"activity\",\"op\":\"opened\",\"days\":30},{\"field\":\"tag\",\"op\":\"has\",\"value\":\"vip\"}]}");
        assertEquals("(c.status = ? AND (EXISTS (SELECT 1 FROM opens o WHERE o.account_id = ? AND o.contact_id = c.id AND o.days <= ?))"
                + " AND EXISTS (SELECT 1 FROM nm_contact_tag t WHERE t.account_id = ? AND t.contact_id = c.id AND t.tag = ?))", both.sql());
        assertEquals(List.of("subscribed", "acct", 30, "acct", "vip"), both.params());
    }

    @Test
    void whatAnotherBundlesFieldRefusesIsReportedAtItsPath() {
        assertPath("filter.conditions[0].op", "{\"match\":\"any\",\"conditions\":[{\"field\":\"activity\",\"op\":\"bought\",\"days\":3}]}");
        assertPath("filter.days", "{\"field\":\"activity\",\"op\":\"opened\"}");
        assertPath("filter.days", "{\"field\":\"activity\",\"op\":\"opened\",\"days\":[1,2]}");
        SegmentException unknown = assertThrows(SegmentException.class, () -> compile("{\"field\":\"purchases\",\"op\":\"is\",\"value\":\"1\"}"));
        assertEquals("filter.field", unknown.path());
        assertTrue(unknown.getMessage().endsWith("created_at, attribute, activity)"), unknown.getMessage());
    }

    private void assertPath(String path, String json) {
        SegmentException e = assertThrows(SegmentException.class, () -> compile(json));
        assertEquals(path, e.path(), e.getMessage());
    }
}
