package io.neuromail.identity.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.team.TeamRoles;
import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.mail.SystemMail;

/**
 * The breach protocol's tool: mails a notice written by the operator to the owners of all accounts or
 * of named ones, through the transactional path ({@link SystemMail}) that sign-up and password-reset
 * mails take, and records {@code security.breach-notified} (with the subject, never the text) in each
 * account's activity log. The operator runs it as {@code neuromail:breach-notify}.
 */
@Component(service = BreachNotices.class)
public class BreachNotices {

    /** The largest notice text, in bytes of UTF-8. */
    public static final int MAX_TEXT_BYTES = 64 * 1024;
    /** The longest subject, in characters. */
    public static final int MAX_SUBJECT = 200;
    /** The most account ids one command names. */
    public static final int MAX_ACCOUNTS_NAMED = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(BreachNotices.class);
    private static final int ACCOUNTS_PAGE = 1000;

    /** What happened to one account. */
    public enum Status {
        /** Every owner's notice is queued. */
        NOTIFIED,
        /** Some or every owner's notice could not be queued, or the account has no owner. */
        FAILED,
        /** No account has this id; nothing was sent. */
        UNKNOWN
    }

    /** The outcome for one account: how many notices were queued, and why some were not. */
    public record AccountOutcome(String accountId, Status status, int queued, List<String> problems) {
    }

    /** The totals of one run. */
    public record Totals(int notified, int failed, int unknown, int mails) {
    }

    private final IdentityService identity;
    private final TeamRoles team;
    private final ActivityLog activity;

    /** The transactional mail path (the delivery bundle). Without it nothing can be sent, and the command says so. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SystemMail systemMail;

    @Activate
    public BreachNotices(@Reference IdentityService identity, @Reference TeamRoles team,
                         @Reference ActivityLogService activity) {
        this.identity = identity;
        this.team = team;
        this.activity = activity;
    }

    /**
     * What is wrong with the command's options, in words for the operator; empty when nothing is.
     * One of {@code --all} or account ids is required, never both, so a slip cannot mail everyone.
     */
    public static List<String> problems(String subject, boolean all, List<String> accountIds) {
        List<String> problems = new ArrayList<>();
        if (subject == null || subject.isBlank()) {
            problems.add("--subject is required: the notice's subject line");
        } else if (subject.length() > MAX_SUBJECT || IdentityService.hasControl(subject)) {
            problems.add("--subject must be one line of at most " + MAX_SUBJECT + " characters");
        }
        boolean named = accountIds != null && !accountIds.isEmpty();
        if (!all && !named) {
            problems.add("say whom to notify: --all, or one or more account ids (see neuromail:accounts)");
        } else if (all && named) {
            problems.add("give either --all or account ids, not both");
        } else if (named && accountIds.size() > MAX_ACCOUNTS_NAMED) {
            problems.add("at most " + MAX_ACCOUNTS_NAMED + " account ids at once; use --all for every account");
        }
        return problems;
    }

    /**
     * The notice's text from a file: UTF-8, not empty, at most {@link #MAX_TEXT_BYTES}.
     *
     * @throws IllegalArgumentException saying what is wrong with the file
     */
    public static String readText(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("--text is required: a file with the notice's text (UTF-8)");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("there is no file " + file);
        }
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_TEXT_BYTES) {
                throw new IllegalArgumentException("the text file is larger than " + MAX_TEXT_BYTES / 1024 + " KB");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("the text file is larger than " + MAX_TEXT_BYTES / 1024 + " KB");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the text file is not UTF-8", e);
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("the text file is empty");
        }
        return text;
    }

    /** Whether the transactional mail path is there to send with. */
    public boolean canSend() {
        return systemMail != null;
    }

    /**
     * Sends the notice to the owners of every account ({@code all}) or of the accounts named, telling
     * {@code each} the outcome of every account as it goes.
     *
     * @throws IllegalArgumentException when the options are not valid (see {@link #problems})
     * @throws IllegalStateException    when there is no transactional mail path; nothing is sent then
     */
    public Totals send(String subject, String text, boolean all, List<String> accountIds, Consumer<AccountOutcome> each) {
        List<String> problems = problems(subject, all, accountIds);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        if (text == null || text.isBlank() || text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("the text must not be empty nor larger than " + MAX_TEXT_BYTES / 1024 + " KB");
        }
        SystemMail mailer = systemMail;
        if (mailer == null) {
            throw new IllegalStateException("no transactional mail service is running (the delivery bundle); nothing was sent");
        }
        String line = subject.strip();
        int notified = 0;
        int failed = 0;
        int unknown = 0;
        int mails = 0;
        for (String accountId : all ? allAccountIds() : distinct(accountIds)) {
            AccountOutcome outcome = notifyAccount(mailer, accountId, line, text);
            switch (outcome.status()) {
                case NOTIFIED -> notified++;
                case FAILED -> failed++;
                case UNKNOWN -> unknown++;
            }
            mails += outcome.queued();
            each.accept(outcome);
        }
        LOG.info("Breach notice '{}' queued: {} mails to the owners of {} accounts; {} accounts failed, {} ids unknown",
                line, mails, notified, failed, unknown);
        return new Totals(notified, failed, unknown, mails);
    }

    private AccountOutcome notifyAccount(SystemMail mailer, String accountId, String subject, String text) {
        if (!identity.accountExists(accountId)) {
            return new AccountOutcome(accountId, Status.UNKNOWN, 0, List.of("no account has this id"));
        }
        List<String> owners = team.ownerAddresses(accountId);
        if (owners.isEmpty()) {
            return new AccountOutcome(accountId, Status.FAILED, 0, List.of("the account has no users yet"));
        }
        int queued = 0;
        List<String> problems = new ArrayList<>();
        for (String owner : owners) {
            try {
                mailer.send(accountId, owner, subject, text);
                queued++;
            } catch (RuntimeException e) {
                LOG.warn("Breach notice to an owner of account {} not queued", accountId, e);
                problems.add(owner + ": " + e.getMessage());
            }
        }
        if (queued > 0) {
            activity.record(ActivityEvent.in(accountId, "security.breach-notified").detail("subject", subject)
                    .detail("recipients", queued).detail("failed", problems.isEmpty() ? null : problems.size()).build());
        }
        return new AccountOutcome(accountId, problems.isEmpty() ? Status.NOTIFIED : Status.FAILED, queued, problems);
    }

    private List<String> allAccountIds() {
        List<String> ids = new ArrayList<>();
        for (int offset = 0; ; offset += ACCOUNTS_PAGE) {
            List<AccountSummary> page = identity.accounts(ACCOUNTS_PAGE, offset);
            page.forEach(a -> ids.add(a.id()));
            if (page.size() < ACCOUNTS_PAGE) {
                return ids;
            }
        }
    }

    private static List<String> distinct(List<String> ids) {
        Set<String> seen = new LinkedHashSet<>();
        ids.forEach(id -> seen.add(id.strip()));
        return List.copyOf(seen);
    }
}
