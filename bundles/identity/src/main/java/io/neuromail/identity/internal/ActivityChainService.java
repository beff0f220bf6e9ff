package io.neuromail.identity.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.api.persistence.Jdbc;
import io.neuromail.identity.internal.chain.ActivityChain;
import io.neuromail.identity.internal.chain.ChainTables;
import io.neuromail.identity.internal.chain.ChainVerifier;
import io.neuromail.identity.internal.chain.ChainVerifier.Broken;
import io.neuromail.identity.internal.chain.ChainVerifier.Head;
import io.neuromail.identity.internal.chain.Checkpoint;
import io.neuromail.identity.internal.chain.CheckpointSigner;
import io.neuromail.identity.internal.security.OperatorKeys;

/**
 * Verifies and prunes the accounts' activity chains (written by {@link ActivityLogService}). Its own
 * component, so that a change of the identity configuration restarts it and not the activity log
 * every bundle records through.
 */
@Component(service = ActivityChainService.class, configurationPid = IdentityConfig.PID)
public class ActivityChainService {

    private static final Logger LOG = LoggerFactory.getLogger(ActivityChainService.class);
    static final String DEFAULT_KEY_FILE = "neuromail/activity-checkpoint.key";

    /** What verification found; JSON of {@code GET /activity/verify}. */
    public record Report(String accountId, boolean intact, long entries, long lastPosition,
                         CheckpointView checkpoint, BrokenLink firstBroken, Instant checkedAt) {
    }

    /** The checkpoint the chain starts from after pruning. */
    public record CheckpointView(long position, String hash, Instant prunedAt, boolean signatureValid) {
    }

    /** The first broken link: position (null for an entry outside the chain), entry id (null when missing), reason. */
    public record BrokenLink(Long position, String entryId, String reason) {
    }

    private final Jdbc jdbc;
    private final CheckpointSigner signer;
    private final int retentionDays;
    private final Clock clock;

    @Activate
    public ActivityChainService(@Reference IdentityDatabase database, IdentityConfig config) {
        this(database, loadKey(config), config.activityRetentionDays(), Clock.systemUTC());
    }

    /** For tests, which give the key and control time. */
    ActivityChainService(IdentityDatabase database, CheckpointSigner signer, int retentionDays, Clock clock) {
        this.jdbc = database.jdbc();
        this.signer = signer;
        this.retentionDays = Math.max(0, retentionDays);
        this.clock = clock;
    }

    /** The operator's checkpoint key: the configured value, else the key file, made when missing. Never logged. */
    static CheckpointSigner loadKey(IdentityConfig config) {
        String inline = config.activityCheckpoint_key();
        if (inline != null && !inline.isBlank()) {
            CheckpointSigner s = new CheckpointSigner(OperatorKeys.parse(inline,
                    "activityCheckpoint.key of etc/" + IdentityConfig.PID + ".cfg", "activity checkpoint key"));
            LOG.info("Activity checkpoints are signed with the key set in activityCheckpoint.key (key id {})", s.keyId());
            return s;
        }
        Path file = OperatorKeys.resolve(config.activityCheckpoint_keyFile(), DEFAULT_KEY_FILE);
        OperatorKeys.Loaded key = OperatorKeys.readOrCreate(file, "activity checkpoint key");
        CheckpointSigner s = new CheckpointSigner(key.key());
        if (key.created()) {
            LOG.warn("No activity checkpoint key was given, so a new one was made in {} (key id {}). Back it up apart "
                    + "from the database and give every node the same one: without it, the activity log of an account "
                    + "that was pruned no longer verifies. See docs/operations.md, 'Activity checkpoint key'.", file, s.keyId());
        } else {
            LOG.info("Activity checkpoints are signed with the key in {} (key id {})", file, s.keyId());
        }
        return s;
    }

    /**
     * Walks the account's chain from its checkpoint (or its first entry) to the head as it was when
     * the walk started, a page at a time, and reports the first broken link. Entries appended during
     * the walk are left for the next one. A prune that moves the checkpoint during the walk makes it
     * start again once from the new checkpoint.
     */
    public Report verify(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        Report report = walk(accountId);
        if (report.firstBroken() != null && "missing".equals(report.firstBroken().reason())) {
            Optional<Checkpoint> now = jdbc.inAccount(accountId, c -> ChainTables.checkpoint(c, accountId));
            long before = report.checkpoint() == null ? 0 : report.checkpoint().position();
            if (now.map(Checkpoint::position).orElse(0L) != before) {
                report = walk(accountId);
            }
        }
        return report;
    }

    /** Every account's report, in account id order. */
    public List<Report> verifyAll() {
        List<Report> reports = new ArrayList<>();
        for (String accountId : jdbc.system(ChainTables::accounts)) {
            reports.add(verify(accountId));
        }
        return reports;
    }

    private Report walk(String accountId) {
        record Start(Optional<Head> head, Optional<Checkpoint> checkpoint) {
        }
        Start start = jdbc.inAccount(accountId, c -> new Start(ChainTables.head(c, accountId), ChainTables.checkpoint(c, accountId)));
        Checkpoint checkpoint = start.checkpoint().orElse(null);
        ChainVerifier verifier = new ChainVerifier(checkpoint, signer,
                hash -> jdbc.inAccount(accountId, c -> ChainTables.hashInChain(c, accountId, hash)));
        long upTo = start.head().map(Head::position).orElse(Long.MAX_VALUE);
        long after = verifier.startsAfter();
        while (verifier.broken().isEmpty() && after < upTo) {
            long from = after;
            List<ActivityChain.Entry> page = jdbc.inAccount(accountId, c -> ChainTables.entries(c, accountId, from, upTo));
            for (ActivityChain.Entry e : page) {
                if (!verifier.next(e)) {
                    break;
                }
                after = e.position();
            }
            if (page.size() < ChainTables.PAGE) {
                break;
            }
        }
        Optional<Broken> broken = verifier.finish(start.head().orElse(null));
        if (broken.isEmpty()) {
            broken = jdbc.inAccount(accountId, c -> ChainTables.unchained(c, accountId))
                    .map(id -> new Broken(null, id, ChainVerifier.Reason.UNCHAINED));
        }
        CheckpointView cp = checkpoint == null ? null : new CheckpointView(checkpoint.position(), checkpoint.hash(),
                checkpoint.prunedAt(), signer.valid(checkpoint));
        long last = verifier.startsAfter() + verifier.entries();
        return new Report(accountId, broken.isEmpty(), verifier.entries(), last, cp,
                broken.map(b -> new BrokenLink(b.position(), b.entryId(), b.reason().wire())).orElse(null), clock.instant());
    }

    /** Days entries are kept; 0 keeps them forever. */
    public int retentionDays() {
        return retentionDays;
    }

    /**
     * Deletes every account's entries older than the retention, oldest position first, stopping at
     * the first one that is not old enough (so the chain keeps no holes), and leaves a signed
     * checkpoint of the last deleted entry for verification to start from. Answers the entries deleted.
     */
    public long prune() {
        if (retentionDays == 0) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(Duration.ofDays(retentionDays));
        long pruned = 0;
        for (String accountId : jdbc.system(ChainTables::accountsWithChain)) {
            pruned += prune(accountId, cutoff);
        }
        return pruned;
    }

    /** Prunes one account up to {@code cutoff}, a page per transaction under the head lock. */
    long prune(String accountId, Instant cutoff) {
        long total = 0;
        while (true) {
            int deleted = ChainTables.underHead(jdbc, accountId, (c, head) -> {
                Checkpoint checkpoint = ChainTables.checkpoint(c, accountId).orElse(null);
                // What is pruned must verify first: pruning must not wipe out the evidence of a change.
                ChainVerifier check = new ChainVerifier(checkpoint, signer, hash -> false);
                long from = check.startsAfter();
                List<ActivityChain.Entry> page = ChainTables.entries(c, accountId, from, head.position());
                ActivityChain.Entry last = null;
                for (ActivityChain.Entry e : page) {
                    if (!e.occurredAt().isBefore(cutoff)) {
                        break;
                    }
                    if (!check.next(e)) {
                        Broken b = check.broken().orElseThrow();
                        LOG.warn("The activity log of account {} is broken at position {} ({}); nothing of it is pruned "
                                + "until that is looked into (neuromail:activity-verify)", accountId, b.position(),
                                b.reason().wire());
                        return 0;
                    }
                    last = e;
                }
                if (last == null) {
                    return 0;
                }
                int n = Jdbc.update(c, "DELETE FROM nm_activity WHERE account_id = ? AND chain_position > ?"
                        + " AND chain_position <= ?", accountId, from, last.position());
                ChainTables.saveCheckpoint(c, signer.sign(accountId, last.position(), last.hash(), clock.instant()));
                return n;
            });
            total += deleted;
            if (deleted < ChainTables.PAGE) {
                return total;
            }
        }
    }
}
