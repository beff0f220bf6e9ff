package io.neuromail.contacts.internal.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.contacts.internal.ContactStore;
import io.neuromail.api.billing.AccountLimits;
import io.neuromail.api.billing.Limit;
import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.rest.ApiException;
import io.neuromail.contacts.internal.Actor;
import io.neuromail.contacts.internal.AttributeType;
import io.neuromail.contacts.internal.Attributes;
import io.neuromail.contacts.internal.ContactsDatabase;
import io.neuromail.contacts.internal.ListStore;
import io.neuromail.contacts.internal.Tags;

/**
 * Runs imports: start with a column mapping, the background workers of this node, cancel, and the
 * lease that says which node runs an import. Nodes may share one database: a node renews the lease
 * of the imports it runs every third of {@code leaseSeconds} and takes over, at start and at each
 * renewal, only imports whose lease ran out or was given up at a stop — never one another node
 * still runs. Nothing of an interrupted import was applied, so it simply runs again from the start.
 */
@Component(service = ImportScheduler.class, configurationPid = ImportConfig.PID)
@Designate(ocd = ImportConfig.class)
public class ImportScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(ImportScheduler.class);
    private static final Set<String> TARGETS = Set.of("email", "first_name", "last_name", "status", "attribute", "ignore");

    /** Body of {@code POST /contacts/imports/{id}/start}; every field optional. */
    public record StartRequest(String delimiter, String mode, List<ImportSettings.Column> columns, String listId,
                               List<String> tags) {
    }

    private final ImportStore store;
    private final ListStore lists;
    private final ActivityLog activity;
    private final Clock clock;
    private final Duration lease;
    /** This node while the component is active: the owner written on the imports it runs. */
    private final String node;
    private final ExecutorService workers;
    /** Renews this node's leases and takes over imports whose node stopped. */
    private final ScheduledExecutorService leases;
    private final Map<String, ImportJob> running = new ConcurrentHashMap<>();
    /** Counts imports and rows; one that records nothing until DS sets the component's own. */
    @Reference
    private volatile ImportMetrics metrics = new ImportMetrics();

    /** The plan's limits; without the billing bundle there are none. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AccountLimits limits;

    @Activate
    public ImportScheduler(@Reference ContactsDatabase database, @Reference ListStore lists,
                           @Reference ActivityLog activity, ImportConfig config) throws IOException {
        this(new ImportStore(database.jdbc(), ImportStore.defaultDirectory()), lists, activity, config, Clock.systemUTC(),
                "node-" + UUID.randomUUID());
    }

    ImportScheduler(ImportStore store, ListStore lists, ActivityLog activity, ImportConfig config, Clock clock,
                    String node) {
        this.store = store;
        this.lists = lists;
        this.activity = activity;
        this.clock = clock;
        this.node = node;
        this.lease = Duration.ofSeconds(Math.max(10, config.leaseSeconds()));
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread t = new Thread(r, "neuromail-import-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        takeOver();
        this.leases = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "neuromail-import-lease");
            t.setDaemon(true);
            return t;
        });
        long renewal = lease.toMillis() / 3;
        leases.scheduleWithFixedDelay(this::tick, renewal, renewal, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        leases.shutdownNow();
        running.values().forEach(ImportJob::shutdown);
        workers.shutdownNow();
        workers.awaitTermination(30, TimeUnit.SECONDS);
        // Imports still waiting for a worker never ran: give their leases up too, so another node need not wait.
        for (ImportJob waiting : running.values()) {
            store.releaseLease(waiting.accountId(), waiting.importId(), node);
        }
    }

    String node() {
        return node;
    }

    /** Starts an uploaded import with the given settings (the suggested ones where a field is missing). */
    public ImportView start(Actor actor, String id, StartRequest request) {
        String accountId = actor.accountId();
        ImportStore.Row row = store.row(accountId, id);
        if (!row.state().equals("uploaded")) {
            throw ApiException.conflict("the import is " + row.state() + "; only an uploaded file can be started");
        }
        StartRequest r = request == null ? new StartRequest(null, null, null, null, null) : request;
        ApiException.Validation v = ApiException.validation();
        String delimiter = r.delimiter() == null ? row.settings().delimiter()
                : r.delimiter().equals("tab") || r.delimiter().equals("\\t") ? "\t" : r.delimiter();
        v.require(CsvFile.DELIMITERS.contains(delimiter.length() == 1 ? delimiter.charAt(0) : '?'), "delimiter",
                "the delimiter is one of , ; or tab");
        String mode = r.mode() == null ? ImportSettings.ADD : r.mode();
        v.require(mode.equals(ImportSettings.ADD) || mode.equals(ImportSettings.UPSERT), "mode",
                "mode is 'add' (new contacts only) or 'upsert' (add new, update existing)");
        v.require(r.listId() == null || lists.exists(accountId, r.listId()), "listId", "no list with id '" + r.listId() + "'");
        List<String> invalidTags = new ArrayList<>();
        List<String> tags = Tags.cleanAll(r.tags(), invalidTags);
        v.require(invalidTags.isEmpty(), "tags", "tags must be 1 to " + Tags.MAX_LENGTH + " characters without control characters");
        v.throwIfInvalid();
        List<String> header;
        List<ImportSettings.Column> suggested;
        try {
            List<List<String>> head = CsvFile.head(store.file(id), delimiter.charAt(0), ImportUploads.PREVIEW_ROWS);
            header = head.get(0);
            Map<String, AttributeType> defined = store.jdbc().inAccount(accountId, c -> Attributes.definitions(c, accountId));
            suggested = ImportSettings.suggest(header, head.subList(1, head.size()), defined);
        } catch (IOException | RuntimeException e) {
            throw ApiException.invalid("delimiter", "the file cannot be read with this delimiter: " + e.getMessage());
        }
        List<ImportSettings.Column> columns = r.columns() == null
                ? suggested : checkColumns(accountId, header, r.columns());
        if (columns.stream().filter(c -> c.target().equals("email")).count() != 1) {
            throw ApiException.invalid("columns", "exactly one column must be mapped to email (the header is: "
                    + String.join(", ", header) + ")");
        }
        ImportSettings settings = new ImportSettings(delimiter, mode, columns, r.listId(), tags);
        requireRoomFor(accountId, id);
        if (!store.queue(accountId, id, settings, node, clock.instant().plus(lease))) {
            throw ApiException.conflict("the import has been started already");
        }
        activity.record(actor.event("contacts.import.started").detail("importId", id).detail("mode", mode).build());
        submit(accountId, id, row.fileName(), settings);
        return ImportViews.view(store.row(accountId, id), store, clock);
    }

    /**
     * Refuses to start an import that could take the account past its plan's contacts: every record of
     * the file might be a new contact, and a record takes at least one line, so the file's lines but
     * its header bound what it adds. Nothing is read when the plan sets no limit.
     */
    private void requireRoomFor(String accountId, String id) {
        AccountLimits plan = limits;
        if (plan == null || plan.limit(accountId, Limit.CONTACTS).isEmpty()) {
            return;
        }
        long lines;
        try {
            lines = CsvFile.lines(store.file(id));
        } catch (IOException e) {
            throw new IllegalStateException("the uploaded file of import " + id + " cannot be read", e);
        }
        store.jdbc().inAccount(accountId, c -> {
            ContactStore.requireRoom(c, plan, accountId, Math.max(0, lines - 1));
            return null;
        });
    }

    private List<ImportSettings.Column> checkColumns(String accountId, List<String> header, List<ImportSettings.Column> given) {
        ApiException.Validation v = ApiException.validation();
        Map<String, AttributeType> defined = store.jdbc().inAccount(accountId, c -> Attributes.definitions(c, accountId));
        List<ImportSettings.Column> out = new ArrayList<>();
        Set<Integer> indexes = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            ImportSettings.Column col = given.get(i);
            String f = "columns[" + i + "]";
            if (col == null) {
                v.reject(f, "a column mapping is required");
                continue;
            }
            if (col.index() < 0 || col.index() >= header.size() || !indexes.add(col.index())) {
                v.reject(f + ".index", "index must name a column of the header (0 to " + (header.size() - 1) + "), each once");
                continue;
            }
            String target = col.target() == null ? "" : col.target();
            if (!TARGETS.contains(target)) {
                v.reject(f + ".target", "target is one of email, first_name, last_name, status, attribute, ignore");
                continue;
            }
            String attribute = null;
            String type = null;
            if (target.equals("attribute")) {
                attribute = col.attribute() == null ? "" : col.attribute().strip();
                if (!AttributeType.NAME.matcher(attribute).matches() || !names.add(attribute)) {
                    v.reject(f + ".attribute", "an attribute name (letters, digits, space, _ - .; at most 100 characters),"
                            + " each once");
                    continue;
                }
                AttributeType t;
                try {
                    t = col.type() == null ? defined.getOrDefault(attribute, AttributeType.TEXT) : AttributeType.fromWire(col.type());
                } catch (IllegalArgumentException e) {
                    v.reject(f + ".type", e.getMessage());
                    continue;
                }
                AttributeType existing = defined.get(attribute);
                if (existing != null && existing != t) {
                    v.reject(f + ".type", "the attribute '" + attribute + "' is a " + existing.wireName() + " attribute");
                    continue;
                }
                type = t.wireName();
            }
            out.add(new ImportSettings.Column(col.index(), header.get(col.index()), target, attribute, type));
        }
        v.throwIfInvalid();
        return out;
    }

    public void cancel(Actor actor, String id) {
        ImportStore.Row row = store.row(actor.accountId(), id);
        switch (row.state()) {
            case "uploaded", "queued", "running" -> {
                ImportJob job = running.get(id);
                if (job != null) {
                    job.cancel();
                }
                // Running on another node: that node finds its lease gone at its next renewal and stops,
                // changing nothing.
                boolean elsewhere = job == null && row.state().equals("running")
                        && store.cancelElsewhere(actor.accountId(), id, node, clock.instant());
                if (elsewhere) {
                    activity.record(actor.event("contacts.import.cancelled").detail("importId", id).build());
                } else if (store.cancelWaiting(actor.accountId(), id, clock.instant())) {
                    ImportStore.deleteQuietly(store.file(id));
                    activity.record(actor.event("contacts.import.cancelled").detail("importId", id).build());
                }
            }
            default -> throw ApiException.conflict("the import is " + row.state() + " and cannot be cancelled");
        }
    }

    private void submit(String accountId, String id, String fileName, ImportSettings settings) {
        ImportJob job = new ImportJob(store.jdbc(), accountId, id, fileName, store.file(id), settings, clock, node, lease,
                this::ended);
        running.put(id, job);
        workers.execute(job);
    }

    private void ended(ImportJob job, String state, String message, long created, long updated, long rejected,
                       long statusChanges) {
        running.remove(job.importId());
        Instant now = clock.instant();
        if (state.equals(ImportJob.LOST)) {
            LOG.warn("Import {} was taken over by another node after this one missed renewing its lease; this node"
                    + " stopped its run", job.importId());
            return;
        }
        if (state.equals("queued")) {
            store.releaseLease(job.accountId(), job.importId(), node);
            LOG.info("Import {} stops with NeuroMail and runs again on the next node to start", job.importId());
            return;
        }
        if (state.equals("finished")) {
            store.finish(job.accountId(), job.importId(), created, updated, rejected, now);
        } else {
            store.end(job.accountId(), job.importId(), state, message, now);
        }
        ImportStore.deleteQuietly(store.file(job.importId()));
        metrics.ended(state, created, updated, rejected);
        activity.record(Actor.system(job.accountId()).event("contacts.import." + state).detail("importId", job.importId())
                .detail("created", created).detail("updated", updated).detail("rejected", rejected).build());
        if (statusChanges > 0) {
            activity.record(Actor.system(job.accountId()).event("contacts.status.changed").detail("importId", job.importId())
                    .detail("contacts", statusChanges).detail("source", "import").build());
        }
    }

    /** One renewal: this node's leases, then the imports no node holds any more. A failure is retried next time. */
    private void tick() {
        try {
            Instant until = clock.instant().plus(lease);
            for (ImportJob job : running.values()) {
                if (!store.renewLease(job.accountId(), job.importId(), node, until)) {
                    job.lose();
                }
            }
            takeOver();
        } catch (RuntimeException e) {
            LOG.warn("Renewing import leases failed; it is tried again in {} s", lease.toSeconds() / 3, e);
        }
    }

    /**
     * Takes over the queued and running imports whose lease ran out or was given up at a stop, and
     * runs them again from the start; an import another node still renews is left alone.
     *
     * @return the imports taken over
     */
    int takeOver() {
        Instant now = clock.instant();
        int taken = 0;
        for (ImportStore.Row row : store.orphaned(now)) {
            if (running.containsKey(row.id())
                    || !store.takeOver(row.accountId(), row.id(), node, now, now.plus(lease))) {
                continue;
            }
            taken++;
            if (!Files.exists(store.file(row.id()))) {
                store.end(row.accountId(), row.id(), "failed", "the uploaded file is gone; nothing was imported", now);
                continue;
            }
            LOG.info("Import {} was interrupted (its node stopped) and runs again here", row.id());
            submit(row.accountId(), row.id(), row.fileName(), row.settings());
        }
        return taken;
    }
}
