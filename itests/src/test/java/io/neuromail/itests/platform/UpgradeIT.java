package io.neuromail.itests.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.Distributions.Node;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.PostgresDatabase;
import io.neuromail.itests.support.Settings;

/**
 * Upgrade test: the distribution, started as an operator starts it, on a PostgreSQL database that an
 * earlier release made and filled ({@code upgrade/postgresql-<release>.sql}, made by
 * {@code upgrade/make-fixture.sh}). It must migrate the schema forward, keep every earlier migration
 * record, and serve the old rows through the API as before: the account logs in with its password,
 * its contacts, list, segment, suppression, sender identity, API key and finished send are there, and
 * a new send to the old contacts is delivered.
 */
class UpgradeIT {

    /** Fixtures of earlier releases' databases, oldest first; each one is migrated by this build. */
    private static final List<String> FIXTURES = List.of("upgrade/postgresql-0.1.0.sql");
    private static final String OWNER = "upgrade-owner@example.com";
    private static final List<String> UNITS = List.of("identity", "contacts", "filters", "sender-identities", "delivery");

    private Node node;

    @Test
    void aDatabaseOfTheEarlierReleaseIsMigratedAndItsRowsServedAsBefore() throws Exception {
        Assumptions.assumeTrue("postgresql".equals(Settings.database()),
                "the upgrade fixtures are PostgreSQL databases; this run is on " + Settings.database());
        for (String fixture : FIXTURES) {
            upgrade(fixture);
        }
    }

    private void upgrade(String fixture) throws Exception {
        String url = PostgresDatabase.recreate(Settings.required("neuromail.itest.postgresql.database") + "_upgrade");
        String user = Settings.required("neuromail.itest.postgresql.user");
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute(resource(fixture));
        }
        int recordsBefore = count(url, user, "SELECT COUNT(*) FROM databasechangelog");
        assertTrue(recordsBefore > 0, fixture + " holds Liquibase's records");

        int port = Integer.parseInt(Settings.required("neuromail.itest.browser.port"));
        node = Node.unpack(Path.of("target", "upgrade-distribution").toAbsolutePath(), port);
        node.append("etc/org.ops4j.datasource-neuromail.cfg", "osgi.jdbc.driver.class = org.postgresql.Driver");
        node.append("etc/org.ops4j.datasource-neuromail.cfg", "url = " + url);
        node.append("etc/org.ops4j.datasource-neuromail.cfg", "user = " + user);
        node.append("etc/io.neuromail.senderidentities.cfg",
                "preVerifiedDomains = " + NeuroMailTestSupport.PRE_VERIFIED_DOMAINS);
        node.start();
        // A cold start that also migrates, on a machine other builds load: a generous deadline, polled.
        Api api = node.awaitHealthy(Duration.ofMinutes(10));

        // Forward only: every earlier record stays, and each unit's changelog is recorded as applied by this build.
        assertTrue(count(url, user, "SELECT COUNT(*) FROM databasechangelog") >= recordsBefore);
        Set<String> applied = new HashSet<>(strings(url, user, "SELECT unit_name FROM nm_schema_applied"));
        assertTrue(applied.containsAll(UNITS), "units recorded as migrated: " + applied);

        api.login(OWNER, Api.PASSWORD).expect(200);
        JsonNode ada = api.get("/api/v1/contacts?q=ada@example.org").expect(200).json().get("items").get(0);
        assertNotNull(ada, "the old contact is found");
        assertEquals("Ada", ada.get("firstName").asText());
        assertEquals("Lovelace", ada.get("lastName").asText());
        assertEquals(2, api.get("/api/v1/contacts").expect(200).json().get("total").asInt());

        JsonNode list = find(api.get("/api/v1/lists").expect(200).json(), "name", "Upgrade readers");
        assertEquals(1, api.get("/api/v1/lists/" + list.get("id").asText()).expect(200).json().get("members").asInt());
        assertEquals("gone@example.org",
                api.get("/api/v1/suppressions").expect(200).json().get("items").get(0).get("email").asText());
        assertTrue(api.get("/api/v1/segments").expect(200).body().contains("\"Subscribed\""), "the old segment is listed");
        assertTrue(api.get("/api/v1/sender-identities").expect(200).body().contains("upgrade.example.net"),
                "the old sender identity is listed");
        find(api.get("/api/v1/api-keys").expect(200).json(), "name", "upgrade key");

        String body = api.get("/api/v1/sends").expect(200).body();
        assertTrue(body.contains("Upgrade news"), "the old send is listed: " + body);

        // Writing works on the migrated schema: a new contact, and a send to the old contacts is delivered.
        api.post("/api/v1/contacts", Map.of("email", "grace@example.org", "firstName", "Grace")).expect(201);
        String send = api.post("/api/v1/sends", Map.of("from", "news@example.com", "subject", "After the upgrade",
                "text", "Hello", "recipients", List.of(Map.of("email", "ada@example.org"),
                        Map.of("email", "grace@example.org")))).expect(201).json().get("id").asText();
        JsonNode done = Poll.until("the send after the upgrade finishes", Duration.ofMinutes(3),
                () -> api.get("/api/v1/sends/" + send).expect(200).json(),
                s -> "finished".equals(s.get("state").asText()));
        assertEquals(2, done.get("counts").get("sent").asInt(), done.toString());
        stop();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (node != null) {
            node.close();
            node = null;
        }
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        List<String> seen = new ArrayList<>();
        for (JsonNode item : array.has("items") ? array.get("items") : array) {
            if (value.equals(item.get(field).asText())) {
                return item;
            }
            seen.add(item.get(field).asText());
        }
        throw new AssertionError("no item with " + field + " = " + value + " among " + seen);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = UpgradeIT.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, "test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int count(String url, String user, String sql) throws SQLException {
        return Integer.parseInt(strings(url, user, sql).get(0));
    }

    private static List<String> strings(String url, String user, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
