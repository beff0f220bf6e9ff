package io.neuromail.contacts.internal.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.rest.Page;
import io.neuromail.contacts.internal.Actor;
import io.neuromail.contacts.internal.ListStore;

/** Opens the import components' test constructors to tests of other packages. */
public final class ImportServiceAccess {

    private ImportServiceAccess() {
    }

    /** The upload, scheduling and view components of one node, over one database and upload folder. */
    public record Imports(ImportUploads uploads, ImportScheduler scheduler, ImportViews views) {

        public ImportView upload(Actor actor, String fileName, InputStream body) {
            return uploads.upload(actor, fileName, body);
        }

        public ImportView start(Actor actor, String id, ImportScheduler.StartRequest request) {
            return scheduler.start(actor, id, request);
        }

        public void cancel(Actor actor, String id) {
            scheduler.cancel(actor, id);
        }

        public ImportView get(String accountId, String id) {
            return views.get(accountId, id);
        }

        public List<ImportView> list(String accountId) {
            return views.list(accountId);
        }

        public Page<ImportViews.Rejection> rejections(String accountId, String id, int page, int size) {
            return views.rejections(accountId, id, page, size);
        }

        /** One run of the scheduled clean-up; the uploads it cancelled. */
        public int expireStaleUploads() {
            return uploads.expireStaleUploads();
        }

        /** One look for imports whose node stopped; the imports taken over. */
        public int takeOver() {
            return scheduler.takeOver();
        }

        /** The owner this node writes on the imports it runs. */
        public String node() {
            return scheduler.node();
        }

        /** Stops the node as DS would. */
        public void stop() throws InterruptedException {
            uploads.deactivate();
            scheduler.deactivate();
        }
    }

    public static Imports create(Jdbc jdbc, ListStore lists, ActivityLog log, Path dir, ImportConfig config)
            throws IOException {
        return create(jdbc, lists, log, dir, config, Clock.systemUTC());
    }

    /** A node on a clock the test chooses. */
    public static Imports create(Jdbc jdbc, ListStore lists, ActivityLog log, Path dir, ImportConfig config,
                                 Clock clock) throws IOException {
        return create(jdbc, lists, log, dir, config, clock, "node-" + UUID.randomUUID());
    }

    /** A node with the given name, on a clock the test chooses. */
    public static Imports create(Jdbc jdbc, ListStore lists, ActivityLog log, Path dir, ImportConfig config,
                                 Clock clock, String node) throws IOException {
        ImportStore store = new ImportStore(jdbc, dir);
        return new Imports(new ImportUploads(store, log, config, clock),
                new ImportScheduler(store, lists, log, config, clock, node), new ImportViews(store, clock));
    }
}
