package io.neuromail.itests.contacts;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.Database;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.Response;

/** The address book over HTTP against the distribution: contacts, imports, export, segments, suppression, erasure. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ContactsIT extends NeuroMailTestSupport {

    /** Uploads a CSV and answers the import as the API shows it. */
    static Response upload(Api api, String csv) {
        return api.sendRaw("POST", "/api/v1/contacts/imports?fileName=test.csv", csv, "text/csv; charset=utf-8");
    }

    /** Uploads, starts with the proposed mapping and waits for the import to end. */
    static JsonNode importCsv(Api api, String csv, String mode, Map<String, Object> extra) {
        String id = upload(api, csv).expect(201).json().get("id").asText();
        Map<String, Object> start = new java.util.HashMap<>(extra);
        start.put("mode", mode);
        api.post("/api/v1/contacts/imports/" + id + "/start", start).expect(200);
        return Poll.until("import " + id + " ends", Duration.ofSeconds(60),
                () -> api.get("/api/v1/contacts/imports/" + id).expect(200).json(),
                j -> !j.get("state").asText().equals("queued") && !j.get("state").asText().equals("running"));
    }

    @Test
    public void contactsAreCreatedChangedAndValidatedFieldByField() {
        Api api = Api.signedUp();
        Response bad = api.post("/api/v1/contacts", Map.of("email", "nope", "status", "maybe",
                "attributes", Map.of("bad name!", 1))).expect(422);
        List<String> fields = new ArrayList<>();
        bad.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertEquals(List.of("email", "status", "attributes"), fields);
        api.sendRaw("POST", "/api/v1/contacts", "{\"email\":\"a@example.com\",\"admin\":true}", "application/json").expect(400);

        JsonNode anna = api.post("/api/v1/contacts", Map.of("email", "Anna@Bücher.Example", "firstName", "<img src=x onerror=alert(1)>",
                "tags", List.of("vip"), "attributes", Map.of("age", 31, "since", Map.of("type", "date", "value", "2024-02-29"))))
                .expect(201).json();
        assertEquals("anna@xn--bcher-kva.example", anna.get("email").asText());
        assertEquals(31, anna.get("attributes").get("age").asInt());
        assertEquals("2024-02-29", anna.get("attributes").get("since").asText());
        api.post("/api/v1/contacts", Map.of("email", "ANNA@bücher.example")).expect(409);
        String id = anna.get("id").asText();
        api.send("PATCH", "/api/v1/contacts/" + id, Map.of("attributes", Map.of("age", "old")), Map.of()).expect(422);
        JsonNode changed = api.send("PATCH", "/api/v1/contacts/" + id, Map.of("status", "unsubscribed", "lastName", "Adams"),
                Map.of()).expect(200).json();
        assertEquals("unsubscribed", changed.get("status").asText());
        JsonNode detail = api.get("/api/v1/contacts/" + id).expect(200).json();
        assertEquals("api", detail.get("statusHistory").get(0).get("source").asText());
        assertEquals("true", Database.column(bundleContext, "SELECT CASE WHEN COUNT(*) = 1 THEN 'true' ELSE 'false' END"
                + " FROM nm_suppression WHERE email = ? AND reason = 'unsubscribed'", "anna@xn--bcher-kva.example").get(0));
        JsonNode attributes = api.get("/api/v1/contacts/attributes").expect(200).json();
        assertEquals("number", attributes.get(0).get("type").asText());
        List<String> about = new ArrayList<>();
        api.get("/api/v1/activity?subject=" + id).expect(200).json().get("items").forEach(a -> about.add(a.get("type").asText()));
        assertEquals(List.of("contacts.contact.updated", "contacts.status.changed", "contacts.contact.created"), about);

        JsonNode list = api.post("/api/v1/lists", Map.of("name", "Newsletter")).expect(201).json();
        api.post("/api/v1/lists", Map.of("name", "Newsletter")).expect(409);
        JsonNode added = api.post("/api/v1/contacts/bulk", Map.of("action", "add_to_list", "listId", list.get("id").asText(),
                "contactIds", List.of(id, "no-such-contact"))).expect(200).json();
        assertEquals(1, added.get("succeeded").asInt());
        assertEquals("contact not found", added.get("results").get(1).get("error").asText());
        assertEquals(1, api.get("/api/v1/lists/" + list.get("id").asText()).json().get("members").asInt());
        api.delete("/api/v1/lists/" + list.get("id").asText()).expect(204);
        api.get("/api/v1/contacts/" + id).expect(200);
    }

    @Test
    public void importAddsAndUpsertsAndReportsEveryRejectedLine() {
        Api api = Api.signedUp();
        String list = api.post("/api/v1/lists", Map.of("name", "Imported")).expect(201).json().get("id").asText();
        String csv = "\uFEFFe-mail\tFirst name\tcity\r\n"
                + "anna@example.com\tAnna\tBerlin\r\n"
                + "broken\tBad\tParis\r\n"
                + "ben@example.com\t\"Ben\tthe\"\"Second\"\"\"\t\"Ham\nburg\"\r\n"
                + "anna@example.com\tAnna2\tRome\r\n";
        JsonNode preview = upload(api, csv).expect(201).json();
        assertEquals("\t", preview.get("preview").get("delimiter").asText());
        assertEquals("email", preview.get("preview").get("suggestedColumns").get(0).get("target").asText());

        JsonNode done = importCsv(api, csv, "add", Map.of("listId", list, "tags", List.of("spring")));
        assertEquals(done.toString(), "finished", done.get("state").asText());
        assertEquals(2, done.get("created").asInt());
        assertEquals(2, done.get("rejected").asInt());
        assertEquals(1.0, done.get("progress").asDouble(), 0.0);
        String id = done.get("id").asText();
        String report = api.send("GET", "/api/v1/contacts/imports/" + id + "/rejections.csv", null,
                Map.of("Accept", "text/csv")).expect(200).body();
        assertEquals("line,email,reason\r\n3,broken,invalid email address\r\n"
                + "6,anna@example.com,duplicate in file (first at line 2)\r\n", report);
        assertEquals(2, api.get("/api/v1/lists/" + list).json().get("members").asInt());

        JsonNode upsert = importCsv(api, "email,first_name,city\nanna@example.com,Annie,Oslo\ncarl@example.com,Carl,\n",
                "upsert", Map.of());
        assertEquals(1, upsert.get("created").asInt());
        assertEquals(1, upsert.get("updated").asInt());
        JsonNode anna = api.get("/api/v1/contacts?q=anna@example.com").json().get("items").get(0);
        assertEquals("Annie", anna.get("firstName").asText());
        assertEquals("Oslo", anna.get("attributes").get("city").asText());
        assertEquals(List.of("spring"), List.of(anna.get("tags").get(0).asText()));
        assertEquals(3, api.get("/api/v1/contacts").json().get("total").asInt());
    }

    @Test
    public void malformedFilesAreRefusedWithAPreciseMessageAndWriteNothing() {
        Api api = Api.signedUp();
        Response invalid = api.sendBytes("POST", "/api/v1/contacts/imports",
                "email\nj\u00f6rg@example.com\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), "text/csv").expect(422);
        assertTrue(invalid.body(), invalid.json().get("detail").asText().contains("not valid UTF-8 text: line 2"));
        assertEquals("the file is empty", upload(api, "").expect(422).json().get("detail").asText());
        assertTrue(upload(api, "name,city\nAnna,Berlin\n").expect(422).json().get("detail").asText()
                .startsWith("no column holds email addresses"));
        assertEquals("the file has a header row but no contacts", upload(api, "email\n").expect(422).json().get("detail").asText());
        Response tooBig = api.sendBytes("POST", "/api/v1/contacts/imports", new byte[1024 * 1024 + 10], "text/csv").expect(413);
        assertTrue(tooBig.body(), tooBig.json().get("detail").asText().contains("upload limit of 1 MB"));
        assertEquals(0, api.get("/api/v1/contacts/imports").json().size());
        assertEquals(0, api.get("/api/v1/contacts").json().get("total").asInt());
    }

    @Test
    public void exportEscapesSpreadsheetFormulasAndFollowsTheSegment() {
        Api api = Api.signedUp();
        api.post("/api/v1/contacts", Map.of("email", "a@example.com", "firstName", "=cmd|' /C calc'!A0",
                "attributes", Map.of("note", "@SUM(1+1)", "city", "Berlin"))).expect(201);
        api.post("/api/v1/contacts", Map.of("email", "b@example.com", "lastName", "-2+3", "attributes", Map.of("city", "Paris")))
                .expect(201);
        String csv = api.send("GET", "/api/v1/contacts/export", null, Map.of("Accept", "text/csv")).expect(200).body();
        assertTrue(csv, csv.startsWith("email,first_name,last_name,status,consent_source,consent_at,created_at,tags,city,note\r\n"));
        assertTrue(csv, csv.contains("a@example.com,'=cmd|' /C calc'!A0,"));
        assertTrue(csv, csv.contains(",'@SUM(1+1)\r\n"));
        assertTrue(csv, csv.contains(",'-2+3,"));

        JsonNode segment = api.post("/api/v1/segments", Map.of("name", "Berliners", "filter",
                Map.of("field", "attribute", "attribute", "city", "op", "is", "value", "berlin"))).expect(201).json();
        String id = segment.get("id").asText();
        assertEquals(1, api.get("/api/v1/segments/" + id + "/count").expect(200).json().get("count").asInt());
        String onlyBerlin = api.send("GET", "/api/v1/contacts/export?segmentId=" + id, null, Map.of("Accept", "text/csv"))
                .expect(200).body();
        assertEquals(2, onlyBerlin.split("\r\n").length);
        Response badFilter = api.post("/api/v1/segments/count", Map.of("filter", Map.of("match", "all", "conditions",
                List.of(Map.of("field", "attribute", "attribute", "city", "op", "greater_than", "value", "x"))))).expect(422);
        assertEquals("filter.conditions[0].op", badFilter.json().get("errors").get(0).get("field").asText());
        assertEquals(1, api.get("/api/v1/contacts?segmentId=" + id).json().get("total").asInt());
    }

    @Test
    public void suppressedAndErasedAddressesNeverComeBack() {
        Api api = Api.signedUp();
        String id = api.post("/api/v1/contacts", Map.of("email", "gone@example.com", "firstName", "Gone")).expect(201)
                .json().get("id").asText();
        JsonNode data = api.get("/api/v1/contacts/" + id + "/export").expect(200).json();
        assertEquals("gone@example.com", data.get("contact").get("email").asText());
        api.post("/api/v1/contacts/" + id + "/erase", null).expect(204);
        api.get("/api/v1/contacts/" + id).expect(404);
        assertTrue(Database.column(bundleContext, "SELECT id FROM nm_contact WHERE email = ?", "gone@example.com").isEmpty());
        JsonNode suppression = api.get("/api/v1/suppressions").expect(200).json().get("items").get(0);
        assertTrue(suppression.get("email").isNull());
        assertEquals("erased", suppression.get("reason").asText());

        api.post("/api/v1/suppressions", Map.of("email", "manual@example.com")).expect(201);
        JsonNode imported = api.sendRaw("POST", "/api/v1/suppressions/import", "x@example.com\nnot an address\n", "text/plain")
                .expect(200).json();
        assertEquals(1, imported.get("failed").asInt());
        JsonNode again = importCsv(api, "email\ngone@example.com\nmanual@example.com\nx@example.com\nnew@example.com\n", "upsert",
                Map.of());
        assertEquals(1, again.get("created").asInt());
        assertEquals(3, again.get("rejected").asInt());
        assertTrue(api.get("/api/v1/contacts/imports/" + again.get("id").asText() + "/rejections").json().toString()
                .contains("the address is on the suppression list (erased)"));
        api.post("/api/v1/contacts", Map.of("email", "manual@example.com")).expect(409);
    }
}
