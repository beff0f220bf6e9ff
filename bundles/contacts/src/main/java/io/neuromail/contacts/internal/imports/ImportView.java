package io.neuromail.contacts.internal.imports;

import java.time.Instant;
import java.util.List;

/**
 * An import as the API shows it.
 *
 * @param state        uploaded, queued, running, finished, failed or cancelled
 * @param phase        what a running import does now: reading or applying
 * @param progress     0 to 1: the part of the file read
 * @param rowsPerSecond rows read per second while running, or overall once finished
 * @param preview      for an uploaded import: the header, the first rows and the suggested mapping
 */
public record ImportView(String id, String fileName, long fileBytes, String state, String phase, String message,
                         double progress, long rowsDone, double rowsPerSecond, long created, long updated, long rejected,
                         ImportSettings settings, Preview preview, Instant createdAt, Instant startedAt,
                         Instant finishedAt) {

    /** The start of an uploaded file and what NeuroMail proposes to do with each column. */
    public record Preview(String delimiter, List<String> header, List<List<String>> rows,
                          List<ImportSettings.Column> suggestedColumns) {
    }
}
