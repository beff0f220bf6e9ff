package io.neuromail.contacts.internal.imports;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.contacts.internal.ListStore;

/** Opens the import service's test constructor to tests of other packages. */
public final class ImportServiceAccess {

    private ImportServiceAccess() {
    }

    public static ImportService create(Jdbc jdbc, ListStore lists, ActivityLog log, Path dir, ImportConfig config)
            throws IOException {
        return new ImportService(jdbc, lists, log, dir, config, Clock.systemUTC());
    }

    /** The service on a clock the test chooses. */
    public static ImportService create(Jdbc jdbc, ListStore lists, ActivityLog log, Path dir, ImportConfig config,
                                       Clock clock) throws IOException {
        return new ImportService(jdbc, lists, log, dir, config, clock);
    }

    /** One run of the scheduled clean-up; the uploads it cancelled. */
    public static int expireStaleUploads(ImportService service) {
        return service.expireStaleUploads();
    }
}
