package io.neuromail.contacts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.mail.EmailAddress;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.rest.ApiException;
import io.neuromail.contacts.api.ContactStatus;
import io.neuromail.contacts.api.Recipient;
import io.neuromail.contacts.api.RecipientQuery;
import io.neuromail.contacts.api.StatusSource;
import io.neuromail.contacts.internal.imports.CsvFile;
import io.neuromail.contacts.internal.imports.ImportConfig;
import io.neuromail.contacts.internal.imports.ImportScheduler;
import io.neuromail.contacts.internal.imports.ImportServiceAccess;
import io.neuromail.contacts.internal.imports.ImportSettings;
import io.neuromail.contacts.internal.imports.ImportView;
import io.neuromail.contacts.internal.imports.ImportViews;
import io.neuromail.contacts.internal.segments.SegmentFields;
import io.neuromail.contacts.internal.segments.SegmentStore;
import io.neuromail.db.internal.PersistenceService;

/**
 * The address book on a real database: the same contract runs on H2 (the portable import path)
 * and on PostgreSQL (the COPY bulk path).
 */
abstract class ContactsContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    abstract DataSource createDatabase() throws SQLException;

    abstract void dropDatabase() throws SQLException;

    @TempDir
    Path uploads;

    final List<ActivityEvent> events = new CopyOnWriteArrayList<>();
    ContactStore contacts;
    ListStore lists;
    SegmentStore segments;
    SuppressionStore suppressions;
    RecipientsService recipients;
    ImportServiceAccess.Imports imports;
    Actor alice;
    Actor bob;

    @BeforeEach
    void setUp() throws Exception {
        DataSource ds = createDatabase();
        PersistenceService persistence = new PersistenceService(ds);
        persistence.migrate("contacts", ContactsDatabase.class.getClassLoader(), ContactsDatabase.CHANGELOG);
        dataSource = ds;
        productName = persistence.databaseProduct();
        Jdbc jdbc = persistence.jdbc();
        Clock clock = Clock.systemUTC();
        contacts = new ContactStore(jdbc, events::add, clock);
        lists = new ListStore(jdbc, contacts, events::add, clock);
        segments = new SegmentStore(jdbc, events::add, clock, SegmentFields.none());
        suppressions = new SuppressionStore(jdbc, events::add, clock);
        recipients = new RecipientsService(jdbc, lists, segments);
        imports = newImports(jdbc, 1);
        alice = Actor.system(UUID.randomUUID().toString());
        bob = Actor.system(UUID.randomUUID().toString());
    }

    private ImportServiceAccess.Imports newImports(Jdbc jdbc, int megabytes) throws IOException {
        return new ImportServiceFactory().create(jdbc, lists, events::add, uploads, megabytes);
    }

    @AfterEach
    void tearDown() throws Exception {
        dropDatabase();
    }

    // --- import

    @Test
    void importReadsWhatRealExportsContainAndReportsEveryRejectedRow() throws Exception {
        // "Age" is a number attribute of the account already: the import must respect that type.
        contacts.create(alice, new ContactInput("pre@example.com", null, null, null, null, null, Map.of("Age", 50)));
        String csv = "\uFEFFEmail;First name;Last name;City;Age\r\n"
                + "anna@example.com;Anna;Adams;Berlin;31\r\n"
                + "not-an-address;Bad;Row;Paris;40\r\n"
                + "BEN@Example.COM;Ben;\"Brown; \"\"the\"\" second\";\"Ham\nburg\";27\r\n"
                + "anna@example.com;Anna;Again;Rome;32\r\n"
                + "carl@bücher.example;Carl;Cole;Berlin;abc\r\n"
                + "dora@bücher.example;Dora;Dunn;;\r\n";
        ImportView done = runImport(alice, csv, ImportSettings.ADD, null, List.of("imported"));
        assertEquals("finished", done.state(), String.valueOf(done.message()));
        assertEquals(3, done.created());
        assertEquals(3, done.rejected());
        assertEquals(6, done.rowsDone());
        List<ImportViews.Rejection> rejected = imports.rejections(alice.accountId(), done.id(), 0, 50).items();
        // Lines are those of the file: Ben's quoted city spans lines 4 and 5, so the next row starts on line 6.
        assertEquals(List.of(3L, 6L, 7L), rejected.stream().map(ImportViews.Rejection::line).toList());
        assertEquals("invalid email address", rejected.get(0).reason());
        assertTrue(rejected.get(1).reason().startsWith("duplicate in file (first at line 2)"), rejected.get(1).reason());
        assertTrue(rejected.get(2).reason().contains("'abc' is not a number"), rejected.get(2).reason());

        Views.ContactView ben = byEmail(alice, "ben@example.com");
        assertEquals("Brown; \"the\" second", ben.lastName());
        assertEquals("Ham\nburg", ben.attributes().get("City"));
        assertEquals(List.of("imported"), ben.tags());
        Views.ContactView dora = byEmail(alice, "dora@xn--bcher-kva.example");
        assertEquals(Map.of(), dora.attributes());
        assertEquals("subscribed", dora.status());
        assertEquals(0, contacts.page(bob.accountId(), query(null)).total(), "another account sees nothing");
        assertEquals(Map.of("City", "Berlin", "Age", new java.math.BigDecimal("31")), byEmail(alice, "anna@example.com").attributes());
    }

    @Test
    void upsertUpdatesExistingContactsButNeverResubscribesOrRevivesSuppressedAddresses() throws Exception {
        runImport(alice, "email,first_name,status,plan\nanna@example.com,Anna,,gold\nben@example.com,Ben,,silver\n"
                + "erin@example.com,Erin,,free\n", ImportSettings.ADD, null, List.of());
        String ben = byEmail(alice, "ben@example.com").id();
        contacts.update(alice, ben, new ContactInput(null, null, null, "unsubscribed", null, null, null));
        contacts.erase(alice, byEmail(alice, "erin@example.com").id());

        ImportView again = runImport(alice, "email,first_name,status,plan\nanna@example.com,Annie,,platinum\n"
                + "ben@example.com,Benjamin,subscribed,gold\nerin@example.com,Erin,,free\nfay@example.com,Fay,unsubscribed,\n",
                ImportSettings.UPSERT, null, List.of());
        assertEquals("finished", again.state(), String.valueOf(again.message()));
        assertEquals(1, again.created());
        assertEquals(2, again.updated());
        assertEquals(1, again.rejected());
        assertTrue(imports.rejections(alice.accountId(), again.id(), 0, 10).items().get(0).reason()
                .contains("suppression list (erased)"));
        Views.ContactView anna = byEmail(alice, "anna@example.com");
        assertEquals("Annie", anna.firstName());
        assertEquals("platinum", anna.attributes().get("plan"));
        Views.ContactView benNow = byEmail(alice, "ben@example.com");
        assertEquals("Benjamin", benNow.firstName());
        assertEquals("unsubscribed", benNow.status(), "an import never re-subscribes");
        assertEquals("unsubscribed", byEmail(alice, "fay@example.com").status());
        assertTrue(suppressions.isSuppressed(alice.accountId(), "fay@example.com"));

        ImportView addOnly = runImport(alice, "email\nanna@example.com\ngus@example.com\n", ImportSettings.ADD, null, List.of());
        assertEquals(1, addOnly.created());
        assertEquals("already a contact (mode: add new contacts only)",
                imports.rejections(alice.accountId(), addOnly.id(), 0, 10).items().get(0).reason());
    }

    @Test
    void theAudiencesDailyCountersFollowEveryAddedContactAndStatusChangeOfTheAccountOnly() throws Exception {
        contacts.create(alice, new ContactInput("hand@example.com", null, null, null, null, null, null));
        runImport(alice, "email,status\nanna@example.com,\nben@example.com,\ncarl@example.com,unsubscribed\n",
                ImportSettings.ADD, null, List.of());
        // An upsert opts two existing contacts out: one unsubscribed, one bounced.
        runImport(alice, "email,status\nanna@example.com,unsubscribed\nben@example.com,bounced\ndora@example.com,\n",
                ImportSettings.UPSERT, null, List.of());
        contacts.changeStatus(alice.accountId(), "hand@example.com", ContactStatus.COMPLAINED, StatusSource.API, "test");
        contacts.create(bob, new ContactInput("other@example.com", null, null, null, null, null, null));

        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        List<AudienceHistory.Day> days = new Jdbc(dataSource).system(c -> AudienceHistory.days(c, alice.accountId(),
                today.minusDays(2), today));
        assertEquals(3, days.size(), "one entry per day, the quiet ones too");
        assertEquals(new AudienceHistory.Day(today.minusDays(2), 0, 0, 0, 0, 0), days.get(0));
        // hand + anna, ben, carl + dora; anna unsubscribed, ben bounced, hand complained. Carl was imported
        // as unsubscribed: added, not a change.
        assertEquals(new AudienceHistory.Day(today, 5, 0, 1, 1, 1), days.get(2));
        assertEquals(1, new Jdbc(dataSource).system(c -> AudienceHistory.days(c, bob.accountId(), today, today)).get(0).added());
    }

    @Test
    void malformedFilesAreRefusedBeforeAnythingIsWritten() throws Exception {
        byte[] latin1 = "email,name\nj\u00f6rg@example.com,J\u00f6rg\n".getBytes(StandardCharsets.ISO_8859_1);
        ApiException notUtf8 = assertThrows(ApiException.class, () -> upload(alice, latin1));
        assertEquals(422, notUtf8.status());
        assertTrue(notUtf8.getMessage().contains("not valid UTF-8") && notUtf8.getMessage().contains("line 2"),
                notUtf8.getMessage());
        assertEquals("the file is empty", assertThrows(ApiException.class, () -> upload(alice, new byte[0])).getMessage());
        assertEquals("the file is empty", assertThrows(ApiException.class,
                () -> upload(alice, "\uFEFF \r\n".getBytes(StandardCharsets.UTF_8))).getMessage());
        assertTrue(assertThrows(ApiException.class, () -> upload(alice, "name,city\nAnna,Berlin\n".getBytes(StandardCharsets.UTF_8)))
                .getMessage().startsWith("no column holds email addresses"));
        byte[] big = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        assertEquals(413, assertThrows(ApiException.class, () -> upload(alice, big)).status());
        assertEquals(0, imports.list(alice.accountId()).size());
        try (var files = Files.list(uploads)) {
            assertEquals(0, files.count(), "refused uploads leave no file behind");
        }
    }

    // --- imports on several nodes sharing the database

    @Test
    void anImportAnotherNodeStillRunsIsNotTakenOverByANodeThatStarts() throws Exception {
        ImportView up = upload(alice, "email\nlive@example.com\n".getBytes(StandardCharsets.UTF_8));
        Instant leaseUntil = Instant.now().plus(Duration.ofSeconds(60));
        runningElsewhere(up.id(), "node-elsewhere", leaseUntil);

        ImportServiceAccess.Imports starting = ImportServiceAccess.create(new Jdbc(dataSource), lists, events::add,
                uploads, new ImportServiceFactory().config(1));
        try {
            assertEquals(0, starting.takeOver());
            assertEquals(List.of("running", "node-elsewhere", leaseUntil.toEpochMilli()), leaseOf(up.id()));
            assertTrue(Files.exists(uploads.resolve(up.id() + ".csv")), "the running node's file stays");
            assertEquals(0, contacts.page(alice.accountId(), query("live@example.com")).total());
        } finally {
            starting.stop();
        }
    }

    @Test
    void anImportWhoseNodeStoppedIsTakenOverOnceItsLeaseRunsOutAndRunsOnce() throws Exception {
        ImportView up = upload(alice, "email,first_name\norphan@example.com,Olga\nsecond@example.com,Sam\n"
                .getBytes(StandardCharsets.UTF_8));
        MovingClock moving = new MovingClock(Instant.now());
        Instant leaseUntil = moving.instant().plus(Duration.ofSeconds(60));
        runningElsewhere(up.id(), "node-crashed", leaseUntil);
        ImportServiceAccess.Imports starting = ImportServiceAccess.create(new Jdbc(dataSource), lists, events::add,
                uploads, new ImportServiceFactory().config(1), moving);
        try {
            assertEquals("node-crashed", leaseOf(up.id()).get(1), "the lease still runs: the import is left alone");

            moving.set(leaseUntil.plusSeconds(1));
            assertEquals(1, starting.takeOver());
            assertEquals(0, starting.takeOver(), "taken over once");

            ImportView done = awaitEnd(starting, alice, up.id());
            assertEquals("finished", done.state(), String.valueOf(done.message()));
            assertEquals(2, done.created());
            assertEquals(0, done.rejected(), "the interrupted run's rejections were forgotten");
            assertEquals(java.util.Arrays.asList("finished", starting.node(), null), leaseOf(up.id()));
            assertEquals("Olga", byEmail(alice, "orphan@example.com").firstName());
        } finally {
            starting.stop();
        }
    }

    @Test
    void anImportRunningOnAnotherNodeIsCancelledThroughTheDatabase() throws Exception {
        ImportView up = upload(alice, "email\nfar@example.com\n".getBytes(StandardCharsets.UTF_8));
        runningElsewhere(up.id(), "node-elsewhere", Instant.now().plus(Duration.ofSeconds(60)));

        assertEquals(404, assertThrows(ApiException.class, () -> imports.cancel(bob, up.id())).status());
        assertEquals("running", leaseOf(up.id()).get(0));
        imports.cancel(alice, up.id());

        assertEquals(java.util.Arrays.asList("cancelled", "node-elsewhere", null), leaseOf(up.id()));
        assertEquals("cancelled", imports.get(alice.accountId(), up.id()).state());
        assertTrue(events.stream().anyMatch(e -> e.type().equals("contacts.import.cancelled")
                && up.id().equals(e.details().get("importId"))));
        assertEquals(409, assertThrows(ApiException.class, () -> imports.cancel(alice, up.id())).status());
    }

    /** Makes an uploaded import look as another node runs it, with an early rejection of that run. */
    private void runningElsewhere(String importId, String node, Instant leaseUntil) throws SQLException {
        try (java.sql.Connection c = dataSource.getConnection()) {
            Jdbc.update(c, "UPDATE nm_import SET state = 'running', phase_message = 'reading', started_at = ?,"
                    + " owner = ?, lease_until = ? WHERE id = ?", Instant.now(), node, leaseUntil, importId);
            Jdbc.update(c, "INSERT INTO nm_import_rejection (account_id, import_id, line, email, reason)"
                    + " VALUES (?, ?, 99, 'x', 'an earlier run')", alice.accountId(), importId);
        }
    }

    /** State, owner and lease (epoch milliseconds, null once the import ended) of an import as stored. */
    private List<Object> leaseOf(String importId) throws SQLException {
        try (java.sql.Connection c = dataSource.getConnection()) {
            return Jdbc.one(c, "SELECT state, owner, lease_until FROM nm_import WHERE id = ?", rs -> {
                Instant lease = Jdbc.instant(rs, "lease_until");
                return java.util.Arrays.<Object>asList(rs.getString(1), rs.getString(2),
                        lease == null ? null : lease.toEpochMilli());
            }, importId).orElseThrow();
        }
    }

    private static ImportView awaitEnd(ImportServiceAccess.Imports node, Actor actor, String id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            ImportView v = node.get(actor.accountId(), id);
            if (!v.state().equals("queued") && !v.state().equals("running")) {
                return v;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        throw new AssertionError("import did not end within 60 s: " + node.get(actor.accountId(), id));
    }

    @Test
    void anUploadNeverStartedIsCancelledAndItsFileDeletedOnceItsLifetimeIsOver() throws Exception {
        MovingClock moving = new MovingClock(Instant.now());
        ImportServiceAccess.Imports service = ImportServiceAccess.create(new Jdbc(dataSource), lists, events::add, uploads,
                new ContactsContract.ImportServiceFactory().config(1), moving);
        ImportView up = service.upload(alice, "later.csv",
                new ByteArrayInputStream("email\na@example.com\n".getBytes(StandardCharsets.UTF_8)));
        java.nio.file.Path file = uploads.resolve(up.id() + ".csv");
        assertTrue(java.nio.file.Files.exists(file));

        assertEquals(0, service.expireStaleUploads());
        moving.set(moving.instant().plus(Duration.ofHours(24)).plusSeconds(1));

        assertEquals(1, service.expireStaleUploads());
        assertEquals("cancelled", service.get(alice.accountId(), up.id()).state());
        assertFalse(java.nio.file.Files.exists(file));
        assertTrue(events.stream().anyMatch(e -> e.type().equals("contacts.import.expired")
                && up.id().equals(e.details().get("importId"))));
        assertEquals(0, service.expireStaleUploads());
    }

    @Test
    void anAccountsWaitingUploadsHaveAQuotaThatFinishedOrCancelledImportsGiveBack() throws Exception {
        // 1 MB per file and 4 MB waiting per account here.
        byte[] file = csvOf(900 * 1024);
        List<ImportView> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiting.add(upload(alice, file));
        }

        ApiException full = assertThrows(ApiException.class, () -> upload(alice, file));
        assertEquals(413, full.status());
        assertTrue(full.getMessage().startsWith("the account's uploads that are not imported yet take"), full.getMessage());
        assertEquals(4, imports.list(alice.accountId()).size(), "the refused upload left nothing behind");
        upload(bob, file);

        imports.cancel(alice, waiting.get(0).id());
        upload(alice, file);
    }

    @Test
    void aRecordLongerThanTheLimitRefusesTheFileWithoutReadingItIntoMemory() throws Exception {
        ImportServiceAccess.Imports large = newImports(new Jdbc(dataSource), 4);
        String unclosed = "email,note\nanna@example.com,\"" + "x".repeat(CsvFile.MAX_RECORD_CHARS) + "\n";
        ApiException e = assertThrows(ApiException.class, () -> large.upload(alice, "long.csv",
                new ByteArrayInputStream(unclosed.getBytes(StandardCharsets.UTF_8))));
        assertEquals(422, e.status());
        assertEquals("the record starting on line 2 is longer than " + CsvFile.MAX_RECORD_CHARS
                + " characters (a quoted field is never closed)", e.getMessage());

        // A stray quote inside an unquoted field opens nothing, as commons-csv reads it.
        StringBuilder stray = new StringBuilder("email,name\nanna@example.com,O\"Brien\n");
        for (int i = 0; stray.length() < CsvFile.MAX_RECORD_CHARS + 1000; i++) {
            stray.append("p").append(i).append("@example.com,P\n");
        }
        large.upload(alice, "stray.csv", new ByteArrayInputStream(stray.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aFieldLongerThanTheLimitRejectsItsRow() throws Exception {
        ImportView done = runImport(alice, "email,note\nanna@example.com," + "n".repeat(CsvFile.MAX_FIELD_CHARS + 1)
                + "\nben@example.com,short\n", ImportSettings.ADD, null, List.of());
        assertEquals(1, done.created());
        assertEquals("field 2 is longer than " + CsvFile.MAX_FIELD_CHARS + " characters",
                imports.rejections(alice.accountId(), done.id(), 0, 10).items().get(0).reason());
    }

    private static byte[] csvOf(int bytes) {
        StringBuilder csv = new StringBuilder("email,city\n");
        for (int i = 0; csv.length() < bytes; i++) {
            csv.append("person").append(i).append("@example.com,Berlin\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCancelledImportChangesNothing() throws Exception {
        StringBuilder csv = new StringBuilder("email,city\n");
        for (int i = 0; i < 200_000; i++) {
            csv.append("user").append(i).append("@example.com,City ").append(i % 50).append('\n');
        }
        ImportServiceAccess.Imports big = ImportServiceAccess.create(new Jdbc(dataSource), lists, events::add, uploads,
                new ContactsContract.ImportServiceFactory().config(64));
        ImportView up = big.upload(alice, "big.csv", new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
        big.start(alice, up.id(), new ImportScheduler.StartRequest(null, "add", null, null, null));
        big.cancel(alice, up.id());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        ImportView v = big.get(alice.accountId(), up.id());
        while (!v.state().equals("cancelled") && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
            v = big.get(alice.accountId(), up.id());
        }
        assertEquals("cancelled", v.state());
        assertEquals(0, contacts.page(alice.accountId(), query(null)).total());
        assertEquals(409, assertThrows(ApiException.class, () -> big.start(alice, up.id(), null)).status());
        Instant cleaned = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(cleaned) && stagedRows() > 0) {
            Thread.onSpinWait();
        }
        assertEquals(0, stagedRows(), "the staging rows of a cancelled import are removed");
    }

    private long stagedRows() throws SQLException {
        try (var c = dataSource.getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM nm_import_row")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void startChecksTheMappingAndAttributeTypes() throws Exception {
        contacts.create(alice, new ContactInput("x@example.com", null, null, null, null, null, Map.of("age", 3)));
        ImportView up = upload(alice, "email,age\nanna@example.com,30\n".getBytes(StandardCharsets.UTF_8));
        ApiException wrongType = assertThrows(ApiException.class, () -> imports.start(alice, up.id(),
                new ImportScheduler.StartRequest(null, "add", List.of(new ImportSettings.Column(0, null, "email", null, null),
                        new ImportSettings.Column(1, null, "attribute", "age", "date")), null, null)));
        assertEquals("columns[1].type", wrongType.fieldErrors().get(0).field());
        ApiException noEmail = assertThrows(ApiException.class, () -> imports.start(alice, up.id(),
                new ImportScheduler.StartRequest(null, "add", List.of(new ImportSettings.Column(1, null, "attribute", "age", null)),
                        null, null)));
        assertTrue(noEmail.getMessage().startsWith("exactly one column must be mapped to email"));
        assertEquals(404, assertThrows(ApiException.class, () -> imports.start(bob, up.id(), null)).status());
    }

    // --- segments and recipients

    @Test
    void segmentsCountWhatTheyMatchAndValuesNeverChangeTheQuery() throws Exception {
        runImport(alice, "email,city,score,joined,vip\na@example.com,Berlin,10,2024-01-05,yes\n"
                + "b@example.com,berlin,20,2024-03-01,no\nc@example.com,Paris,30,2023-12-31,yes\n"
                + "d@example.com,\"Berlin' OR '1'='1\",40,2024-06-01,no\n", ImportSettings.ADD, null, List.of());
        Views.ListView vips = lists.create(alice, "VIPs");
        lists.addMembers(alice, vips.id(), List.of(byEmail(alice, "a@example.com").id(), byEmail(alice, "c@example.com").id()));
        contacts.tag(alice, List.of(byEmail(alice, "b@example.com").id()), "press", true);

        assertEquals(2, count(alice, "{\"field\":\"attribute\",\"attribute\":\"city\",\"op\":\"is\",\"value\":\"BERLIN\"}"));
        assertEquals(1, count(alice, "{\"field\":\"attribute\",\"attribute\":\"city\",\"op\":\"is\",\"value\":\"Berlin' OR '1'='1\"}"));
        assertEquals(2, count(alice, "{\"field\":\"attribute\",\"attribute\":\"score\",\"op\":\"greater_than\",\"value\":15}"
                .replace("{", "{\"match\":\"all\",\"conditions\":[{").replace("15}", "15},"
                        + "{\"field\":\"attribute\",\"attribute\":\"score\",\"op\":\"less_than\",\"value\":\"35\"}]}")));
        assertEquals(1, count(alice, "{\"field\":\"attribute\",\"attribute\":\"joined\",\"op\":\"before\",\"value\":\"2024-01-01\"}"));
        assertEquals(2, count(alice, "{\"field\":\"attribute\",\"attribute\":\"vip\",\"op\":\"is\",\"value\":true}"));
        assertEquals(3, count(alice, "{\"match\":\"any\",\"conditions\":[{\"field\":\"list\",\"op\":\"in\",\"value\":\""
                + vips.id() + "\"},{\"field\":\"tag\",\"op\":\"has\",\"value\":\"press\"}]}"));
        assertEquals(4, count(alice, "{\"field\":\"email\",\"op\":\"contains\",\"value\":\"%\"}".replace("%", "@")));
        assertEquals(0, count(alice, "{\"field\":\"email\",\"op\":\"contains\",\"value\":\"%\"}"), "% is literal");
        ApiException unknown = assertThrows(ApiException.class, () -> count(alice,
                "{\"field\":\"attribute\",\"attribute\":\"x') OR 1=1 --\",\"op\":\"is\",\"value\":\"a\"}"));
        assertEquals("filter.attribute", unknown.fieldErrors().get(0).field());
        ApiException foreignList = assertThrows(ApiException.class, () -> count(bob,
                "{\"field\":\"list\",\"op\":\"in\",\"value\":\"" + vips.id() + "\"}"));
        assertTrue(foreignList.getMessage().startsWith("no list with id"));
        assertEquals(0, count(bob, "{\"field\":\"status\",\"op\":\"is\",\"value\":\"subscribed\"}"));
    }

    @Test
    void recipientsAreSubscribedUnsuppressedAndEachOnce() throws Exception {
        runImport(alice, "email\na@example.com\nb@example.com\nc@example.com\nd@example.com\n", ImportSettings.ADD, null, List.of());
        Views.ListView list = lists.create(alice, "All");
        List<String> ids = contacts.page(alice.accountId(), query(null)).items().stream().map(Views.ContactView::id).toList();
        lists.addMembers(alice, list.id(), ids);
        Views.SegmentView segment = segments.save(alice, null, "a and b", JSON.readTree(
                "{\"field\":\"email\",\"op\":\"contains\",\"value\":\"a@\"}"));
        assertTrue(contacts.changeStatus(alice.accountId(), "B@Example.com", ContactStatus.BOUNCED, StatusSource.BOUNCE,
                "550 mailbox unavailable"));
        suppressions.add(alice, "c@example.com");
        assertFalse(contacts.changeStatus(alice.accountId(), "nobody@example.com", ContactStatus.COMPLAINED,
                StatusSource.COMPLAINT, null));
        assertTrue(suppressions.isSuppressed(alice.accountId(), "nobody@example.com"));

        List<Recipient> got = new ArrayList<>();
        long n = recipients.forEach(alice.accountId(), new RecipientQuery(List.of(list.id()), List.of(segment.id())), got::add);
        assertEquals(2, n);
        assertEquals(List.of("a@example.com", "d@example.com"), got.stream().map(Recipient::email).sorted().toList());
        assertEquals(2, recipients.count(alice.accountId(), new RecipientQuery(List.of(list.id()), List.of())));
        assertThrows(java.util.NoSuchElementException.class,
                () -> recipients.count(bob.accountId(), new RecipientQuery(List.of(list.id()), List.of())));
        Views.ContactDetail b = contacts.get(alice.accountId(), byEmail(alice, "b@example.com").id());
        assertEquals("bounced", b.contact().status());
        assertEquals("bounce", b.statusHistory().get(0).source());
        assertEquals("550 mailbox unavailable", b.statusHistory().get(0).reason());
        assertThrows(IllegalArgumentException.class, () -> contacts.changeStatus(alice.accountId(), "a@example.com",
                ContactStatus.SUBSCRIBED, StatusSource.API, null));
    }

    @Test
    void excludedListsAndSegmentsLeaveTheirContactsOutOfCountStreamAndSelection() throws Exception {
        runImport(alice, "email,first_name,city\na@example.com,Ann,Berlin\nb@example.com,Ben,Paris\n"
                + "c@example.com,Cid,Rome\nd@example.com,Dan,\n", ImportSettings.ADD, null, List.of());
        Views.ListView all = lists.create(alice, "All");
        Views.ListView vips = lists.create(alice, "VIPs");
        List<String> ids = contacts.page(alice.accountId(), query(null)).items().stream().map(Views.ContactView::id).toList();
        lists.addMembers(alice, all.id(), ids);
        lists.addMembers(alice, vips.id(), List.of(byEmail(alice, "a@example.com").id()));
        // d has no city: the segment is unknown for it, which must not exclude it.
        Views.SegmentView paris = segments.save(alice, null, "Paris", JSON.readTree(
                "{\"field\":\"attribute\",\"attribute\":\"city\",\"op\":\"is\",\"value\":\"Paris\"}"));
        RecipientQuery query = new RecipientQuery(List.of(all.id()), List.of(), List.of(vips.id()), List.of(paris.id()));

        List<Recipient> got = new ArrayList<>();
        assertEquals(2, recipients.forEach(alice.accountId(), query, got::add));
        assertEquals(List.of("c@example.com", "d@example.com"), got.stream().map(Recipient::email).sorted().toList());
        assertEquals(2, recipients.count(alice.accountId(), query));
        assertEquals(List.of("c@example.com", "d@example.com"), selected(alice, query));
        assertThrows(java.util.NoSuchElementException.class, () -> recipients.count(alice.accountId(),
                new RecipientQuery(List.of(all.id()), List.of(), List.of(UUID.randomUUID().toString()), List.of())));
        assertThrows(java.util.NoSuchElementException.class, () -> recipients.select(bob.accountId(),
                new RecipientQuery(List.of(), List.of(), List.of(), List.of(paris.id()))));
    }

    @Test
    void samplesOfAnAudienceThatDoNotOverlapShareNoOneAndTogetherAreAllOfIt() throws Exception {
        StringBuilder csv = new StringBuilder("email\n");
        for (int i = 0; i < 400; i++) {
            csv.append("p").append(i).append("@example.com\n");
        }
        runImport(alice, csv.toString(), ImportSettings.ADD, null, List.of());
        Views.ListView all = lists.create(alice, "All");
        List<String> ids = new ArrayList<>();
        for (int page = 0; ids.size() < 400; page++) {
            List<String> more = contacts.page(alice.accountId(), new ContactStore.Query(null, null, null, null, null,
                    "email", false, page, 200)).items().stream().map(Views.ContactView::id).toList();
            assertFalse(more.isEmpty());
            ids.addAll(more);
        }
        lists.addMembers(alice, all.id(), ids);
        RecipientQuery audience = new RecipientQuery(List.of(all.id()), List.of());
        int scale = RecipientQuery.Sample.SCALE;
        int tenth = scale / 10;
        // Three variants of a tenth each and the rest, turned so that the rest passes the end of the circle.
        int turn = 50_000;
        List<RecipientQuery.Sample> arcs = List.of(new RecipientQuery.Sample(0, tenth, turn),
                new RecipientQuery.Sample(tenth, 2 * tenth, turn), new RecipientQuery.Sample(2 * tenth, 3 * tenth, turn),
                new RecipientQuery.Sample(3 * tenth, scale, turn));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (RecipientQuery.Sample arc : arcs) {
            List<String> part = selected(alice, audience.sampled(arc));
            for (String email : part) {
                assertTrue(seen.add(email), email + " is in two samples");
            }
            assertEquals(part.size(), recipients.count(alice.accountId(), audience.sampled(arc)));
            if (arc.to() - arc.from() == tenth) {
                assertTrue(part.size() >= 10 && part.size() <= 80, "a tenth of 400 at random, not " + part.size());
            }
        }
        assertEquals(400, seen.size(), "together the samples are the whole audience");
        assertEquals(selected(alice, audience.sampled(arcs.get(0))), selected(alice, audience.sampled(arcs.get(0))),
                "a sample is the same every time");
        assertEquals(400, recipients.count(alice.accountId(), audience.sampled(new RecipientQuery.Sample(0, scale, 123))));
        assertEquals(0, recipients.count(alice.accountId(), audience.sampled(new RecipientQuery.Sample(7, 7, 0))));
        assertFalse(selected(alice, audience.sampled(new RecipientQuery.Sample(0, tenth, 0)))
                .equals(selected(alice, audience.sampled(arcs.get(0)))), "another turn is another sample");
    }

    @Test
    void selectionIsOneSqlSelectOfSubscribedUnsuppressedAddressesBoundToTheAccount() throws Exception {
        runImport(alice, "email\nA@Example.com\nb@example.com\nc@example.com\n", ImportSettings.ADD, null, List.of());
        runImport(bob, "email\nbob@example.com\n", ImportSettings.ADD, null, List.of());
        Views.ListView list = lists.create(alice, "All");
        lists.addMembers(alice, list.id(), contacts.page(alice.accountId(), query(null)).items().stream()
                .map(Views.ContactView::id).toList());
        suppressions.add(alice, "b@example.com");
        RecipientQuery query = new RecipientQuery(List.of(list.id()), List.of());
        io.neuromail.contacts.api.Recipients.Selection selection = recipients.select(alice.accountId(), query);
        assertTrue(selection.sql().startsWith("SELECT "), selection.sql());
        assertEquals(List.of("a@example.com", "c@example.com"), selected(alice, query));
        assertEquals(List.of(), selected(alice, new RecipientQuery(List.of(), List.of())), "nothing asked, nothing given");
    }

    @Test
    void byIdsGivesMergeValuesOfTheAccountsLivingContactsOnly() throws Exception {
        Views.ContactView anna = contacts.create(alice, new ContactInput("anna@example.com", "Anna", "Adams", null, "form",
                null, Map.of("city", "Berlin", "age", 31)));
        Views.ContactView gone = contacts.create(alice, new ContactInput("gone@example.com", "Gone", null, null, "form",
                null, null));
        Views.ContactView bobs = contacts.create(bob, new ContactInput("b@example.com", "Bob", null, null, "form",
                null, Map.of("team", "x")));
        contacts.delete(alice, gone.id());
        contacts.changeStatus(alice.accountId(), "anna@example.com", ContactStatus.UNSUBSCRIBED,
                StatusSource.UNSUBSCRIBE_LINK, null);

        Map<String, Recipient> got = recipients.byIds(alice.accountId(), List.of(anna.id(), gone.id(), bobs.id()));
        assertEquals(java.util.Set.of(anna.id()), got.keySet(), "deleted and foreign contacts are left out");
        Recipient a = got.get(anna.id());
        assertEquals("anna@example.com", a.email());
        assertEquals("Anna", a.firstName());
        assertEquals("Adams", a.lastName());
        assertEquals(Map.of("city", "Berlin", "age", new java.math.BigDecimal("31")), a.attributes());
        assertEquals(Map.of(), recipients.byIds(alice.accountId(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> recipients.byIds(alice.accountId(),
                java.util.stream.IntStream.rangeClosed(0, io.neuromail.contacts.api.Suppressions.MAX_BATCH)
                        .mapToObj(String::valueOf).toList()));
        assertEquals(java.util.Set.of("age", "city"), recipients.attributeNames(alice.accountId()));
        assertEquals(java.util.Set.of("team"), recipients.attributeNames(bob.accountId()));
    }

    /** The addresses of the selection as the database gives them, run as a sub-query the way delivery copies them. */
    private List<String> selected(Actor actor, RecipientQuery query) throws SQLException {
        io.neuromail.contacts.api.Recipients.Selection selection = recipients.select(actor.accountId(), query);
        List<String> out = new ArrayList<>();
        try (java.sql.Connection c = dataSource.getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT r.contact_id, r.email FROM (" + selection.sql()
                     + ") r ORDER BY r.email")) {
            Jdbc.bind(ps, selection.parameters().toArray());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertNotNull(rs.getString("contact_id"));
                    out.add(rs.getString("email"));
                }
            }
        }
        return out;
    }

    // --- data-subject requests, suppression, export

    @Test
    void eraseLeavesOnlyAHashThatBlocksLaterImports() throws Exception {
        Views.ContactView anna = contacts.create(alice, new ContactInput("Anna@Example.com", "Anna", "Adams", null, "form",
                List.of("x"), Map.of("city", "Berlin")));
        Map<String, Object> export = contacts.subjectExport(alice, anna.id());
        assertEquals("anna@example.com", ((Views.ContactView) export.get("contact")).email());
        assertTrue(events.stream().anyMatch(e -> e.type().equals("contacts.contact.exported")
                && e.accountId().equals(alice.accountId()) && anna.id().equals(e.details().get("contactId"))),
                "the data-subject export is in the activity log");
        contacts.erase(alice, anna.id());
        assertEquals(404, assertThrows(ApiException.class, () -> contacts.get(alice.accountId(), anna.id())).status());
        Views.SuppressionView entry = suppressions.page(alice.accountId(), null, 0, 10).items().get(0);
        assertEquals(null, entry.email());
        assertEquals("erased", entry.reason());
        assertEquals(EmailAddress.hash("anna@example.com"), entry.id());
        assertTrue(suppressions.isSuppressed(alice.accountId(), "ANNA@example.com"));
        assertEquals(409, assertThrows(ApiException.class, () -> contacts.create(alice,
                new ContactInput("anna@example.com", null, null, null, null, null, null))).status());
        assertEquals(409, assertThrows(ApiException.class, () -> suppressions.remove(alice, entry.id())).status());
        assertEquals(404, assertThrows(ApiException.class, () -> contacts.erase(bob, anna.id())).status());
    }

    @Test
    void eraseAsksEveryHolderOfContactDataFirstAndAFailingHolderLeavesTheContactToEraseAgain() {
        Views.ContactView cora = contacts.create(alice, new ContactInput("cora@example.com", null, null, null, "form",
                null, null));
        List<String> erased = new ArrayList<>();
        io.neuromail.contacts.api.ContactDataHolder tracking = (account, id) -> erased.add(account + "/" + id);
        io.neuromail.contacts.api.ContactDataHolder failing = (account, id) -> {
            throw new IllegalStateException("the events store is down");
        };
        contacts.addHolder(tracking);
        contacts.addHolder(failing);
        try {
            assertThrows(IllegalStateException.class, () -> contacts.erase(alice, cora.id()));
            assertEquals(cora.id(), contacts.get(alice.accountId(), cora.id()).contact().id(), "still there to erase again");
            contacts.removeHolder(failing);
            erased.clear();
            assertEquals(404, assertThrows(ApiException.class, () -> contacts.erase(bob, cora.id())).status());
            assertEquals(List.of(), erased, "another account's erase reaches no holder");
            contacts.erase(alice, cora.id());
            assertEquals(List.of(alice.accountId() + "/" + cora.id()), erased);
            assertEquals(404, assertThrows(ApiException.class, () -> contacts.get(alice.accountId(), cora.id())).status());
        } finally {
            contacts.removeHolder(tracking);
            contacts.removeHolder(failing);
        }
    }

    @Test
    void batchLookUpAnswersTheSuppressedAddressesAsGivenAndOnlyOfTheAccount() throws Exception {
        Views.ContactView anna = contacts.create(alice, new ContactInput("anna@example.com", null, null, null, "form",
                null, null));
        contacts.erase(alice, anna.id());
        suppressions.add(alice, "manual@example.com");
        contacts.changeStatus(alice.accountId(), "gone@example.com", ContactStatus.BOUNCED, StatusSource.BOUNCE, null);
        contacts.changeStatus(alice.accountId(), "angry@example.com", ContactStatus.COMPLAINED, StatusSource.COMPLAINT,
                null);
        contacts.changeStatus(alice.accountId(), "left@example.com", ContactStatus.UNSUBSCRIBED,
                StatusSource.UNSUBSCRIBE_LINK, null);
        List<String> asked = List.of("ANNA@Example.com", "manual@example.com", "gone@EXAMPLE.com", "angry@example.com",
                "left@example.com", "fine@example.com", "not an address");
        assertEquals(java.util.Set.of("ANNA@Example.com", "manual@example.com", "gone@EXAMPLE.com", "angry@example.com",
                "left@example.com"), suppressions.suppressed(alice.accountId(), asked));
        assertEquals(java.util.Set.of(), suppressions.suppressed(bob.accountId(), asked));
        assertThrows(IllegalArgumentException.class, () -> suppressions.suppressed(alice.accountId(),
                java.util.Collections.nCopies(io.neuromail.contacts.api.Suppressions.MAX_BATCH + 1, "a@example.com")));
    }

    @Test
    void suppressionImportReportsEachLine() {
        Views.BulkResult result = suppressions.importAddresses(alice, new StringReader("email\nx@example.com\n\"y@example.com\",note\nnope\n"));
        assertEquals(2, result.succeeded());
        assertEquals(2, result.failed());
        assertEquals("line 1", result.results().get(0).item());
        assertEquals(2, suppressions.page(alice.accountId(), null, 0, 10).total());
        String id = EmailAddress.hash("x@example.com");
        suppressions.remove(alice, id);
        assertEquals(404, assertThrows(ApiException.class, () -> suppressions.remove(bob, EmailAddress.hash("y@example.com"))).status());
    }

    @Test
    void exportEscapesFormulasAndStreamsEveryContact() throws Exception {
        contacts.create(alice, new ContactInput("a@example.com", "=HYPERLINK(\"http://evil\")", "+1", null, null,
                List.of("@team"), Map.of("note", "-2+3", "plain", "ok, fine")));
        ExportService export = new ExportService(new Jdbc(contactsDataSource()), events::add);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(1, export.write(alice, null, null, out));
        String csv = out.toString(StandardCharsets.UTF_8);
        assertTrue(csv.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""), csv);
        assertTrue(csv.contains(",'+1,"), csv);
        assertTrue(csv.contains(",'@team,"), csv);
        assertTrue(csv.contains("'-2+3"), csv);
        assertTrue(csv.contains("\"ok, fine\""), csv);
        assertTrue(events.stream().anyMatch(e -> e.type().equals("contacts.exported") && e.accountId().equals(alice.accountId())
                && "1".equals(e.details().get("contacts")) && "true".equals(e.details().get("complete"))), events.toString());
    }

    @Test
    void anExportThatBreaksOffIsRecordedAsARead() throws Exception {
        Actor carol = Actor.system(UUID.randomUUID().toString());
        contacts.create(carol, new ContactInput("carol-reader@example.com", null, null, null, null, null, null));
        ExportService export = new ExportService(new Jdbc(contactsDataSource()), events::add);
        java.io.OutputStream broken = new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("the client went away");
            }
        };
        assertThrows(java.io.IOException.class, () -> export.write(carol, null, null, broken));
        assertTrue(events.stream().anyMatch(e -> e.type().equals("contacts.exported") && e.accountId().equals(carol.accountId())
                && "false".equals(e.details().get("complete"))), events.toString());
    }

    // --- helpers

    DataSource contactsDataSource() {
        return dataSource;
    }

    String product() {
        return productName;
    }

    DataSource dataSource;
    String productName;

    private ImportView upload(Actor actor, byte[] body) {
        return imports.upload(actor, "test.csv", new ByteArrayInputStream(body));
    }

    private ImportView runImport(Actor actor, String csv, String mode, String listId, List<String> tags) throws Exception {
        ImportView up = upload(actor, csv.getBytes(StandardCharsets.UTF_8));
        imports.start(actor, up.id(), new ImportScheduler.StartRequest(null, mode, null, listId, tags));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            ImportView v = imports.get(actor.accountId(), up.id());
            if (!v.state().equals("queued") && !v.state().equals("running")) {
                return v;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        throw new AssertionError("import did not end within 60 s: " + imports.get(actor.accountId(), up.id()));
    }

    private Views.ContactView byEmail(Actor actor, String email) {
        return contacts.page(actor.accountId(), query(email)).items().stream().filter(c -> c.email().equals(email))
                .findFirst().orElseThrow(() -> new AssertionError("no contact " + email));
    }

    private static ContactStore.Query query(String search) {
        return new ContactStore.Query(search, null, null, null, null, "email", false, 0, 100);
    }

    private long count(Actor actor, String filter) throws IOException {
        JsonNode node = JSON.readTree(filter);
        return segments.count(actor.accountId(), node).count();
    }

    /** A clock that stands still until the test sets it. */
    private static final class MovingClock extends Clock {
        private final java.util.concurrent.atomic.AtomicReference<Instant> now;

        MovingClock(Instant start) {
            now = new java.util.concurrent.atomic.AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    /** Builds the import service with a test configuration. */
    static final class ImportServiceFactory {
        ImportServiceAccess.Imports create(Jdbc jdbc, ListStore lists, io.neuromail.api.activity.ActivityLog log, Path dir, int megabytes)
                throws IOException {
            return ImportServiceAccess.create(jdbc, lists, log, dir, config(megabytes));
        }

        ImportConfig config(int megabytes) {
            return new ImportConfig() {
                @Override
                public Class<? extends java.lang.annotation.Annotation> annotationType() {
                    return ImportConfig.class;
                }

                @Override
                public int maxUploadMegabytes() {
                    return megabytes;
                }

                @Override
                public int workers() {
                    return 2;
                }

                @Override
                public int uploadLifetimeHours() {
                    return 24;
                }

                @Override
                public int cleanupIntervalMinutes() {
                    return 60;
                }

                @Override
                public int accountUploadQuotaMegabytes() {
                    return 4 * megabytes;
                }

                @Override
                public int leaseSeconds() {
                    return 60;
                }
            };
        }
    }
}
