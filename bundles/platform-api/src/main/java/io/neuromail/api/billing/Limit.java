package io.neuromail.api.billing;

/** What a plan limits. */
public enum Limit {
    /** Contacts in the address book (unsubscribed and bounced ones included; erased ones not). */
    CONTACTS("contacts", "contacts"),
    /** Marketing, transactional and test e-mails accepted for sending in a calendar month (UTC). */
    EMAILS_PER_MONTH("emailsPerMonth", "e-mails this month"),
    /** Drafts written with AI help in a calendar month (UTC). */
    AI_DRAFTS_PER_MONTH("aiDraftsPerMonth", "AI drafts this month"),
    /** Members of the account's team, open invitations included. */
    MEMBERS("members", "team members");

    private final String id;
    private final String words;

    Limit(String id, String words) {
        this.id = id;
        this.words = words;
    }

    /** The limit's name in the API and in the operator's plan configuration, e.g. {@code emailsPerMonth}. */
    public String id() {
        return id;
    }

    /** The limit in plain words for messages, e.g. "e-mails this month". */
    public String words() {
        return words;
    }
}
