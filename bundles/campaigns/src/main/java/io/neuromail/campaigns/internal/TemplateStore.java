package io.neuromail.campaigns.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.rest.ApiException;

/** An account's own campaign templates. */
public class TemplateStore {

    /** The most templates one account keeps. */
    static final int MAX_PER_ACCOUNT = 200;

    /** A stored template. */
    public record Template(String id, String name, String subject, String preheader, String html, String text,
                           boolean textFromHtml, Instant createdAt) {
    }

    private final Jdbc jdbc;

    public TemplateStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public List<Template> all(String accountId) {
        return jdbc.inAccount(accountId, c -> Jdbc.list(c, "SELECT id, name, subject, preheader, body_html, body_text, text_from_html, created_at"
                + " FROM nm_campaign_template WHERE account_id = ? ORDER BY LOWER(name)", TemplateStore::row, accountId));
    }

    public Optional<Template> find(String accountId, String id) {
        return jdbc.inAccount(accountId, c -> Jdbc.one(c, "SELECT id, name, subject, preheader, body_html, body_text, text_from_html, created_at"
                + " FROM nm_campaign_template WHERE account_id = ? AND id = ?", TemplateStore::row, accountId, id));
    }

    public Template create(String accountId, String name, Campaign from) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        jdbc.inAccount(accountId, c -> {
            if (Jdbc.count(c, "SELECT COUNT(*) FROM nm_campaign_template WHERE account_id = ?", accountId) >= MAX_PER_ACCOUNT) {
                throw ApiException.invalid("name", "an account keeps at most " + MAX_PER_ACCOUNT
                        + " templates; delete one first");
            }
            if (Jdbc.count(c, "SELECT COUNT(*) FROM nm_campaign_template WHERE account_id = ? AND name = ?",
                    accountId, name) > 0) {
                throw ApiException.conflict("a template named \"" + name + "\" exists already");
            }
            return Jdbc.update(c, "INSERT INTO nm_campaign_template (id, account_id, name, subject, preheader, body_html,"
                    + " body_text, text_from_html, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, accountId, name,
                    from.subject(), from.preheader(), from.html(), from.text(), from.textFromHtml(), now);
        });
        return find(accountId, id).orElseThrow();
    }

    public boolean delete(String accountId, String id) {
        return jdbc.inAccount(accountId, c -> Jdbc.update(c, "DELETE FROM nm_campaign_template WHERE account_id = ? AND id = ?", accountId, id)) == 1;
    }

    private static Template row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Template(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getBoolean(7), Jdbc.instant(rs, "created_at"));
    }
}
