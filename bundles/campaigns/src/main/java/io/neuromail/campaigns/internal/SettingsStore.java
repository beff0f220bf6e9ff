package io.neuromail.campaigns.internal;

import java.time.Instant;
import java.util.Optional;

import io.neuromail.api.persistence.Jdbc;

/**
 * Per account: the organisation name and postal address every campaign's footer shows, the public
 * archive, and whether campaigns may track opens and clicks.
 */
public class SettingsStore {

    /**
     * The stored settings; {@code archiveToken} names the public archive's address;
     * {@code trackingEnabled} off means no campaign of the account tracks opens and clicks, whatever
     * the campaign says.
     */
    public record Settings(String accountId, String organisationName, String postalAddress, boolean archiveEnabled,
                           String archiveToken, boolean trackingEnabled) {

        public boolean hasPostalAddress() {
            return postalAddress != null && !postalAddress.isBlank();
        }
    }

    private static final String COLUMNS = "account_id, organisation_name, postal_address, archive_enabled,"
            + " archive_token, tracking_enabled";

    private final Jdbc jdbc;

    public SettingsStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The account's settings; made (empty, with a new archive token) the first time they are asked for. */
    public Settings get(String accountId) {
        Optional<Settings> found = find(accountId);
        if (found.isPresent()) {
            return found.get();
        }
        try {
            jdbc.inAccount(accountId, c -> Jdbc.update(c, "INSERT INTO nm_campaign_settings (account_id, archive_enabled, archive_token, updated_at)"
                    + " VALUES (?, ?, ?, ?)", accountId, false, Tokens.next(), Instant.now()));
        } catch (io.neuromail.api.persistence.DataAccessException failed) {
            // Another request may have made them at the same moment: theirs are as good. Otherwise the
            // insert's own failure is the answer.
            return find(accountId).orElseThrow(() -> failed);
        }
        return find(accountId).orElseThrow();
    }

    /** Stores the settings; {@code trackingEnabled} {@code null} keeps the stored choice. */
    public Settings update(String accountId, String organisationName, String postalAddress, boolean archiveEnabled,
                           Boolean trackingEnabled) {
        Settings current = get(accountId);
        jdbc.inAccount(accountId, c -> Jdbc.update(c, "UPDATE nm_campaign_settings SET organisation_name = ?, postal_address = ?, archive_enabled = ?,"
                + " tracking_enabled = ?, updated_at = ? WHERE account_id = ?", organisationName, postalAddress,
                archiveEnabled, trackingEnabled == null ? current.trackingEnabled() : trackingEnabled, Instant.now(),
                accountId));
        return get(accountId);
    }

    /** The account whose public archive has this token. */
    public Optional<Settings> byArchiveToken(String token) {
        return jdbc.system(c -> Jdbc.one(c, "SELECT " + COLUMNS
                + " FROM nm_campaign_settings WHERE archive_token = ?", SettingsStore::row, token));
    }

    private Optional<Settings> find(String accountId) {
        return jdbc.inAccount(accountId, c -> Jdbc.one(c, "SELECT " + COLUMNS
                + " FROM nm_campaign_settings WHERE account_id = ?", SettingsStore::row, accountId));
    }

    private static Settings row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Settings(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5),
                rs.getBoolean(6));
    }
}
