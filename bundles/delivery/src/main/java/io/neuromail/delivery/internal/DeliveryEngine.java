package io.neuromail.delivery.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

import static io.neuromail.delivery.internal.DeliveryState.FAILED;
import static io.neuromail.delivery.internal.DeliveryState.QUEUED;
import static io.neuromail.delivery.internal.DeliveryState.SENT;
import static io.neuromail.delivery.internal.DeliveryState.UNCERTAIN;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.neuromail.delivery.api.OutgoingMessage;
import io.neuromail.delivery.api.SendResult;
import io.neuromail.delivery.api.SenderLimits;
import io.neuromail.delivery.internal.SenderRegistry.Entry;

/**
 * The workers: each claims a batch of queued rows under lease, resolves the account's sender, takes
 * send slots from the sender's global rate, and for each row commits "handed off" before calling
 * the sender and records the answer after. A crash between the two leaves the row handed off; it
 * becomes uncertain and is never sent again without a user asking.
 */
public final class DeliveryEngine {

    /** Which of some addresses are on an account's suppression list; empty when the address book cannot tell now. */
    @FunctionalInterface
    public interface SuppressionLookup {
        Optional<Set<String>> suppressed(String accountId, List<String> emails);
    }

    /**
     * Whether an address is still a verified sender identity of an account; empty when the identities
     * cannot tell now.
     */
    @FunctionalInterface
    public interface SenderLookup {
        Optional<Boolean> verified(String accountId, String from);
    }

    /**
     * The merge values of some contacts of an account by contact id (deleted contacts left out); empty
     * when the address book cannot tell now.
     */
    @FunctionalInterface
    public interface MergeValues {
        Optional<Map<String, io.neuromail.contacts.api.Recipient>> byIds(String accountId, List<String> contactIds);
    }

    /** Tunables of the workers. */
    public record Settings(int batchSize, int concurrency, long leaseMillis, long handoffLeaseMillis, long senderWaitMillis,
                           long idlePollMillis, int maxAttempts) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAINTENANCE_MILLIS = 1000;
    /** Rows whose rate slots lie within this span are handed off in one commit. */
    private static final long HAND_OFF_GROUP_MICROS = 50_000;
    private static final int MAX_HAND_OFF_GROUP = 64;
    /**
     * The share of a sender's allowed rate the slots use. Slots are exact, but the requests reach the
     * provider with a few milliseconds of jitter (scheduling, GC, network). The rate window makes sure
     * no second at the provider holds more than the limit; the 3 % left free absorbs the usual jitter,
     * so the window seldom has to hold a call back.
     */
    static final double RATE_HEADROOM = 0.97;
    /**
     * A call that would start later than this after its slot takes a new one ({@link #onTime}): half of
     * what the headroom leaves free in a second, like the rate window's spare time.
     */
    static final long LATE_MICROS = RateWindow.SPARE_MICROS;

    private final Ledger ledger;
    private final RateSlots rates;
    private final SendStore sends;
    private final SenderRegistry senders;
    private final MessageBuilder builder;
    private final Function<String, AccountSettings> accountSettings;
    private final SuppressionLookup suppressions;
    private final SenderLookup identities;
    private final MergeValues mergeValues;
    private final LiquidTemplates templates;
    private final Backoff backoff;
    private final Clock clock;
    private final Settings settings;
    private final String owner;
    private final Object wakeUp = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, String> lastSenderOf = new ConcurrentHashMap<>();
    private final Semaphore permits;
    /** Per sender name: this node's latest calls, so no second at the provider holds more than the limit. */
    private final Map<String, RateWindow> windows = new ConcurrentHashMap<>();
    /** Sender services that have answered a call since they registered (weakly held: they come and go). */
    private final Map<Object, Boolean> warmSenders = new WeakHashMap<>();
    /** Held by the worker making a cold sender's first call. */
    private final Semaphore warmUps = new Semaphore(1);
    private final ExecutorService handOffs;
    private final AnswerRecorder answers;
    private volatile boolean running;
    private volatile long lastMaintenance;
    private volatile SendObserver observer = SendObserver.NONE;

    public DeliveryEngine(Ledger ledger, RateSlots rates, SendStore sends, SenderRegistry senders, MessageBuilder builder,
                          Function<String, AccountSettings> accountSettings, SuppressionLookup suppressions,
                          SenderLookup identities, Backoff backoff, Clock clock, Settings settings, String owner) {
        this(ledger, rates, sends, senders, builder, accountSettings, suppressions, identities,
                (accountId, ids) -> Optional.empty(), new LiquidTemplates(), backoff, clock, settings, owner);
    }

    /**
     * @param mergeValues the contacts' values that Liquid sends render, read for each claimed batch
     * @param templates   renders Liquid sends
     */
    public DeliveryEngine(Ledger ledger, RateSlots rates, SendStore sends, SenderRegistry senders, MessageBuilder builder,
                          Function<String, AccountSettings> accountSettings, SuppressionLookup suppressions,
                          SenderLookup identities, MergeValues mergeValues, LiquidTemplates templates, Backoff backoff,
                          Clock clock, Settings settings, String owner) {
        this.mergeValues = mergeValues;
        this.templates = templates;
        this.ledger = ledger;
        this.rates = rates;
        this.sends = sends;
        this.senders = senders;
        this.builder = builder;
        this.accountSettings = accountSettings;
        this.suppressions = suppressions;
        this.identities = identities;
        this.backoff = backoff;
        this.clock = clock;
        this.settings = settings;
        this.owner = owner;
        this.permits = new Semaphore(settings.concurrency());
        this.handOffs = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "neuromail-handoff");
            t.setDaemon(true);
            return t;
        });
        this.answers = new AnswerRecorder((recorded, handOffs, slots) -> {
            slots.forEach(slot -> rates.ensure(slot.sender(), micros()));
            return ledger.commitGroup(recorded, handOffs, slots, rates, this::micros);
        },
                permits::release, "neuromail-ledger-" + owner);
    }

    /** Who is told what each sender answered (metrics). */
    public void observe(SendObserver observer) {
        this.observer = observer == null ? SendObserver.NONE : observer;
    }

    /** This engine's lease owner name. */
    public String owner() {
        return owner;
    }

    /** Starts {@code workers} worker threads. */
    public synchronized void start(int workers) {
        running = true;
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::loop, "neuromail-delivery-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Stops the workers, waiting for the rows they hold to be recorded. */
    public synchronized void stop() throws InterruptedException {
        running = false;
        wake();
        for (Thread t : threads) {
            t.join(30_000);
        }
        threads.clear();
        handOffs.shutdown();
        handOffs.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        answers.close();
    }

    /** Tells idle workers there is new work. */
    public void wake() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void loop() {
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                maintainIfDue();
                if (runOnce() == 0) {
                    synchronized (wakeUp) {
                        if (running) {
                            wakeUp.wait(settings.idlePollMillis());
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("Delivery worker failed; it goes on after a pause", e);
                pause(settings.senderWaitMillis());
            }
        }
    }

    private void maintainIfDue() {
        long now = clock.millis();
        if (now - lastMaintenance >= MAINTENANCE_MILLIS) {
            lastMaintenance = now;
            maintain();
        }
    }

    /** Expired hand-offs become uncertain; sends with nothing left become finished. */
    public void maintain() {
        long now = clock.millis();
        int uncertain = ledger.expireHandOffs(now);
        if (uncertain > 0) {
            LOG.warn("{} messages were handed to a sender whose answer never came; they are marked uncertain", uncertain);
        }
        ledger.finishSends(now);
    }

    /** One claim-and-send round; answers how many rows were handed off. */
    public int runOnce() {
        long now = clock.millis();
        List<Claim> batch = ledger.claim(owner, settings.batchSize(), now, now + settings.leaseMillis());
        if (batch.isEmpty()) {
            return 0;
        }
        Map<String, List<Claim>> byAccount = new LinkedHashMap<>();
        batch.forEach(row -> byAccount.computeIfAbsent(row.accountId(), a -> new ArrayList<>()).add(row));
        Map<String, SendContent> contents = new ConcurrentHashMap<>();
        int handedOff = 0;
        for (Map.Entry<String, List<Claim>> group : byAccount.entrySet()) {
            handedOff += sendGroup(group.getKey(), group.getValue(), contents);
        }
        ledger.finishSends(clock.millis());
        return Math.max(handedOff, 1);
    }

    private int sendGroup(String accountId, List<Claim> claimed, Map<String, SendContent> contents) {
        Map<String, Map<String, Object>> values = new HashMap<>();
        List<Claim> rows = withMergeValues(accountId, withoutSuppressed(accountId,
                fromVerifiedSenders(accountId, claimed, contents), contents), contents, values);
        if (rows.isEmpty()) {
            return 0;
        }
        AccountSettings account = accountSettings.apply(accountId);
        // A send may have chosen its sender; the others use the account's. Each sender's rows go on their own.
        Map<String, List<Claim>> bySender = new LinkedHashMap<>();
        for (Claim row : rows) {
            SendContent content = contents.get(row.sendId());
            String choice = content == null ? null : content.senderChoice();
            String name = choice != null && account.allowed().test(choice) ? choice : account.sender();
            bySender.computeIfAbsent(name, n -> new ArrayList<>()).add(row);
        }
        int handedOff = 0;
        for (Map.Entry<String, List<Claim>> group : bySender.entrySet()) {
            handedOff += sendWith(group.getKey(), account, group.getValue(), contents, values);
        }
        return handedOff;
    }

    private int sendWith(String chosenSender, AccountSettings account, List<Claim> rows, Map<String, SendContent> contents,
                         Map<String, Map<String, Object>> values) {
        Optional<Entry> entry = senders.resolve(chosenSender, account.fallback(), account.allowed());
        if (entry.isEmpty()) {
            ledger.release(rows, owner, clock.millis() + settings.senderWaitMillis(),
                    "waiting for sender '" + chosenSender + "' to be registered", clock.millis());
            return 0;
        }
        Entry sender = entry.get();
        SenderLimits limits;
        try {
            limits = sender.sender().limits();
        } catch (RuntimeException e) {
            LOG.warn("Sender '{}' cannot tell its limits; its messages wait: {}", sender.name(), e.toString());
            ledger.release(rows, owner, clock.millis() + settings.senderWaitMillis(),
                    "sender '" + sender.name() + "' is not ready: " + e.getMessage(), clock.millis());
            return 0;
        }
        // Claim no more slots than can be used while the lease lasts; give the rest back at once.
        int fit = (int) Math.max(1, Math.min(rows.size(), limits.maxPerSecond() * settings.leaseMillis() / 2000.0));
        if (fit < rows.size()) {
            ledger.release(rows.subList(fit, rows.size()), owner, clock.millis(), null, clock.millis());
            rows = rows.subList(0, fit);
        }
        // Rows go in groups: one transaction takes a group's send slots and, when they are due now,
        // hands the group off. A group spans at most HAND_OFF_GROUP_MICROS of slots, and each row holds
        // a permit from its hand-off until its answer is committed, so a node never has more than
        // `concurrency` rows handed off without a recorded answer.
        int maxGroup = (int) Math.max(1, Math.min(MAX_HAND_OFF_GROUP,
                limits.maxPerSecond() * HAND_OFF_GROUP_MICROS / 1_000_000d));
        // A sender's first call may take long (its client starts, connects, loads classes). Messages
        // given to it meanwhile would all reach the provider at once when it is ready, above the
        // rate. So until one call has come back, a cold sender gets one message at a time.
        boolean cold = !isWarm(sender.sender());
        RateWindow window = windows.compute(sender.name(), (name, known) ->
                known != null && known.perSecond() == limits.maxPerSecond() ? known : new RateWindow(limits.maxPerSecond()));
        int handedOff = 0;
        List<Future<?>> inFlight = new ArrayList<>(rows.size());
        int i = 0;
        while (i < rows.size()) {
            if (!senders.registered(sender)) {
                // The sender left (its bundle stopped): the rest of the batch waits for it in the queue.
                break;
            }
            if (!acquirePermit()) {
                break;
            }
            boolean warmingUp = false;
            if (cold) {
                // One first call at a time on this node: the others wait until the sender is warm.
                if (!acquire(warmUps)) {
                    permits.release();
                    break;
                }
                cold = !isWarm(sender.sender());
                warmingUp = cold;
                if (!warmingUp) {
                    warmUps.release();
                }
            }
            try {
                int end = i + 1;
                while (!cold && end < rows.size() && end - i < maxGroup && permits.tryAcquire()) {
                    end++;
                }
                List<Claim> group = ready(rows.subList(i, end), contents);
                permits.release(end - i - group.size());
                if (group.isEmpty()) {
                    i = end;
                    continue;
                }
                // Each message is built here, before its send slot is taken: built after the hand-off,
                // on as many threads as there are messages in flight, the building took longer than
                // the slots' spare time, and every late call had to take a slot of its own.
                Map<String, Built> built = new HashMap<>();
                for (Claim row : group) {
                    built.put(row.id(), buildSafely(row, contents.get(row.sendId()), values.get(row.id())));
                }
                long now = clock.millis();
                // Committed together with the answers and other hand-offs of this node that are waiting.
                rates.ensure(sender.name(), micros());
                Ledger.Scheduled scheduled;
                try {
                    scheduled = answers.handOff(new Ledger.HandOffRequest(group, owner, sender.name(), now,
                            now + settings.handoffLeaseMillis(), limits.maxPerSecond() * RATE_HEADROOM, micros(),
                            HAND_OFF_GROUP_MICROS));
                } catch (IllegalStateException e) {
                    // Nothing was handed off; the claimed rows go back to the queue when their lease ends.
                    permits.release(group.size());
                    throw e;
                }
                RateSlots.Slots slots = scheduled.slots();
                List<Claim> handed = scheduled.handedOff();
                if (scheduled.waiting()) {
                    // Other workers hold the slots before these: hand off when they come.
                    if (!awaitSlot(slots.at(0) - HAND_OFF_GROUP_MICROS)) {
                        permits.release(group.size());
                        break;
                    }
                    now = clock.millis();
                    handed = ledger.handOff(group, owner, sender.name(), now, now + settings.handoffLeaseMillis());
                }
                i = end;
                permits.release(group.size() - handed.size());
                Set<String> handedIds = new HashSet<>();
                handed.forEach(row -> handedIds.add(row.id()));
                // Each message waits for its slot in its own task, so the next group is scheduled while
                // this one goes out: its slots follow on from these without a gap.
                for (int j = 0; j < group.size(); j++) {
                    Claim row = group.get(j);
                    if (!handedIds.contains(row.id())) {
                        continue;
                    }
                    if (!sender.name().equals(lastSenderOf.put(row.sendId(), sender.name()))) {
                        sends.senderUsed(row.sendId(), sender.name());
                    }
                    handedOff++;
                    SendContent content = contents.get(row.sendId());
                    long slot = slots.at(j);
                    Built message = built.get(row.id());
                    inFlight.add(handOffs.submit(() -> deliver(row, content, message, sender, limits, slot, window)));
                }
                if (warmingUp && !inFlight.isEmpty()) {
                    await(inFlight.get(inFlight.size() - 1));
                    markWarm(sender.sender());
                    cold = false;
                }
            } finally {
                if (warmingUp) {
                    warmUps.release();
                }
            }
        }
        if (i < rows.size()) {
            ledger.release(rows.subList(i, rows.size()), owner, clock.millis(), null, clock.millis());
        }
        inFlight.forEach(DeliveryEngine::await);
        return handedOff;
    }

    /**
     * The rows whose addresses may still be sent to. An address may have gone on the suppression list
     * since its send was created: its row ends as suppressed here, before any sender sees it. When the
     * address book cannot answer, the rows wait in the queue. Mail NeuroMail sends to its own users
     * (system mail) is not marketing and is not checked.
     */
    private List<Claim> withoutSuppressed(String accountId, List<Claim> rows, Map<String, SendContent> contents) {
        List<Claim> checked = new ArrayList<>(rows.size());
        for (Claim row : rows) {
            SendContent content = contents.computeIfAbsent(row.sendId(), id -> sends.content(id).orElse(null));
            if (content == null || !SendKind.SYSTEM.equals(content.kind())) {
                checked.add(row);
            }
        }
        if (checked.isEmpty()) {
            return rows;
        }
        long now = clock.millis();
        Optional<Set<String>> suppressed = suppressions.suppressed(accountId,
                checked.stream().map(Claim::recipient).toList());
        if (suppressed.isEmpty()) {
            ledger.release(rows, owner, now + settings.senderWaitMillis(),
                    "waiting for the address book to check the suppression list", now);
            return List.of();
        }
        if (suppressed.get().isEmpty()) {
            return rows;
        }
        List<Claim> stopped = checked.stream().filter(row -> suppressed.get().contains(row.recipient())).toList();
        ledger.suppress(stopped, owner, SUPPRESSED_AT_HAND_OFF, now);
        List<Claim> rest = new ArrayList<>(rows);
        rest.removeAll(stopped);
        return rest;
    }

    /**
     * The rows whose send's From is still a verified sender identity of the account. A domain may have
     * failed its re-check, or an identity been removed, since the send was created: such a send is
     * paused with the reason, before any sender sees another of its messages, and its rows stay
     * queued for when the identity is verified again and the send resumed. When the identities cannot
     * answer, the rows wait in the queue. System mail (NeuroMail's own) is not checked.
     */
    private List<Claim> fromVerifiedSenders(String accountId, List<Claim> rows, Map<String, SendContent> contents) {
        Map<String, Optional<Boolean>> verdicts = new HashMap<>();
        List<Claim> kept = new ArrayList<>(rows.size());
        List<Claim> waiting = new ArrayList<>();
        List<Claim> stopped = new ArrayList<>();
        long now = clock.millis();
        for (Claim row : rows) {
            SendContent content = contents.computeIfAbsent(row.sendId(), id -> sends.content(id).orElse(null));
            if (content == null || SendKind.SYSTEM.equals(content.kind())) {
                kept.add(row);
                continue;
            }
            Optional<Boolean> verified = verdicts.computeIfAbsent(row.sendId(), id -> {
                Optional<Boolean> answer = identities.verified(accountId, content.fromAddress());
                if (answer.isPresent() && !answer.get()) {
                    sends.transition(accountId, id, List.of(SendState.RUNNING), SendState.AUTO_PAUSED,
                            notVerified(content.fromAddress()), now);
                }
                return answer;
            });
            (verified.isEmpty() ? waiting : verified.get() ? kept : stopped).add(row);
        }
        if (!waiting.isEmpty()) {
            ledger.release(waiting, owner, now + settings.senderWaitMillis(),
                    "waiting for the sender identities to confirm the From address", now);
        }
        if (!stopped.isEmpty()) {
            ledger.release(stopped, owner, now, null, now);
        }
        return waiting.isEmpty() && stopped.isEmpty() ? rows : kept;
    }

    /** Why a send was paused when its From stopped being a verified sender identity. */
    static String notVerified(String from) {
        return from + " is no longer a verified sender identity of this account: verify it again under Sender "
                + "identities, then resume the send";
    }

    /** Why a row was suppressed when its turn came. */
    static final String SUPPRESSED_AT_HAND_OFF = "went on the suppression list before it was sent";

    private boolean isWarm(Object sender) {
        synchronized (warmSenders) {
            return warmSenders.containsKey(sender);
        }
    }

    private void markWarm(Object sender) {
        synchronized (warmSenders) {
            warmSenders.put(sender, Boolean.TRUE);
        }
    }

    private static boolean acquire(Semaphore semaphore) {
        try {
            semaphore.acquire();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean acquirePermit() {
        return acquire(permits);
    }

    /** The rows whose send content can be read (the others stay claimed until their lease ends). */
    private List<Claim> ready(List<Claim> rows, Map<String, SendContent> contents) {
        List<Claim> ready = new ArrayList<>(rows.size());
        for (Claim row : rows) {
            if (contents.computeIfAbsent(row.sendId(), id -> sends.content(id).orElse(null)) != null) {
                ready.add(row);
            }
        }
        return ready;
    }

    /**
     * Waits for a hand-off to finish, even when interrupted: the hand-off is committed, and its answer
     * must be recorded before this worker stops. An interrupt is kept (not re-raised while waiting, which
     * would make every further wait fail at once and spin) and restored on return, so the worker stops.
     */
    static void await(Future<?> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    LOG.error("A hand-off failed unexpectedly", e.getCause());
                    return;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A row's message as built before its hand-off, or why it could not be built. */
    private record Built(byte[] mime, String problem) {
    }

    private Built buildSafely(Claim row, SendContent content, Map<String, Object> values) {
        try {
            return new Built(build(row, content, values), null);
        } catch (RuntimeException e) {
            return new Built(null, "the message cannot be built: " + e.getMessage());
        }
    }

    /**
     * Waits for a handed-off row's send slot and its place in the rate window, then gives its message
     * (built before the hand-off) to the sender.
     */
    private void deliver(Claim row, SendContent content, Built built, Entry sender, SenderLimits limits,
                         long slot, RateWindow window) {
        try {
            if (built.mime() == null) {
                answer(row, FAILED, built.problem(), 0);
                return;
            }
            byte[] mime = built.mime();
            if (mime.length > limits.maxMessageBytes()) {
                answer(row, FAILED, "the message has " + mime.length + " bytes; sender '" + sender.name()
                        + "' takes at most " + limits.maxMessageBytes(), 0);
                return;
            }
            RateWindow.Ticket ticket = awaitSlot(slot) ? reserve(window) : null;
            if (ticket == null || !awaitSlot(ticket.atMicros()) || !onTime(sender.name(), limits, slot)
                    || !senders.registered(sender)) {
                // Handed off but never given to the sender (the node is stopping or the sender left):
                // back to the queue, not uncertain.
                if (ticket != null) {
                    window.unused(ticket);
                }
                ledger.unhandOff(List.of(row), owner, clock.millis());
                permits.release();
                return;
            }
            SendResult result;
            long start = micros();
            try {
                result = sender.sender().send(new OutgoingMessage(row.accountId(), row.id(), content.fromAddress(),
                        row.recipient(), mime));
            } catch (RuntimeException e) {
                LOG.warn("Sender '{}' failed on message {}; it is marked uncertain", sender.name(), row.id(), e);
                observer.failed(sender.name());
                answer(row, UNCERTAIN, "the sender failed; whether it sent is unknown: " + e, 0);
                return;
            } finally {
                window.answered(ticket, start, micros());
            }
            record(row, result);
            observer.answered(sender.name(), result);
        } catch (RuntimeException e) {
            // No answer was queued: the row stays handed off and becomes uncertain.
            permits.release();
            throw e;
        }
    }

    /**
     * Makes sure a call starts near a send slot of its own. The slots right after this call's belong
     * to other calls, on this node or another; a call that starts well after its slot (the process
     * paused, the CPU was busy, this node's rate window held it back) would reach the provider together
     * with them, above the rate across nodes. Such a call takes a new slot from the shared budget and
     * waits for it, once: on a machine so busy that the new slot is missed too, a call that tried again
     * and again would use up slots and never go. Answers false when the engine stops meanwhile.
     */
    private boolean onTime(String sender, SenderLimits limits, long slotMicros) {
        if (micros() - slotMicros <= LATE_MICROS) {
            return true;
        }
        return awaitSlot(answers.slot(new Ledger.SlotRequest(sender, limits.maxPerSecond() * RATE_HEADROOM)));
    }

    private RateWindow.Ticket reserve(RateWindow window) {
        try {
            return window.reserve(this::micros, () -> !stopping());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void record(Claim row, SendResult result) {
        if (result instanceof SendResult.Accepted accepted) {
            answer(row, SENT, accepted.providerMessageId(), 0);
        } else if (result instanceof SendResult.Rejected rejected) {
            answer(row, FAILED, SendStore.REJECTED + rejected.reason(), 0);
        } else if (result instanceof SendResult.RetryLater retry) {
            int attempts = row.attempts() + 1;
            if (attempts >= settings.maxAttempts()) {
                answer(row, FAILED, "gave up after " + attempts + " attempts: " + retry.reason(), 0);
            } else {
                answer(row, QUEUED, retry.reason(), clock.millis() + backoff.delayMillis(attempts, retry.after()));
            }
        } else {
            answer(row, UNCERTAIN, "the sender answered nothing NeuroMail knows: " + result, 0);
        }
    }

    private void answer(Claim row, String state, String text, long nextAttemptAt) {
        answers.add(new Answer(row.id(), owner, state, text, nextAttemptAt, clock.millis()));
    }

    private byte[] build(Claim row, SendContent content, Map<String, Object> values) {
        if (content.liquid()) {
            return builder.build(content, row.id(), row.recipient(), url -> {
                Map<String, Object> all = new HashMap<>(values == null ? Map.of("email", row.recipient()) : values);
                // A row of POST /sends carries its own merge fields; a dotted name is an object's property.
                fields(row).forEach((name, value) -> LiquidTemplates.putValue(all, name, value));
                all.put(MessageBuilder.UNSUBSCRIBE_TAG, url);
                if (content.tracked()) {
                    // Each tracked link of the template becomes this message's signed click address.
                    for (int i = 1; i <= content.links().size(); i++) {
                        String link = content.links().get(i - 1);
                        all.put(TrackedHtml.LINK_TAG + i, builder.trackingUrl(row.id(), content.id(), i).orElse(link));
                    }
                }
                io.neuromail.delivery.api.MessageTemplates.Content rendered = templates.render(
                        new io.neuromail.delivery.api.MessageTemplates.Content(content.subject(), content.preheader(),
                                content.html(), content.text()), all, LiquidTemplates.HAND_OFF_MILLIS);
                String html = rendered.html();
                if (content.tracked() && html != null) {
                    Optional<String> pixel = builder.trackingUrl(row.id(), content.id(), TrackingTokens.OPEN);
                    Optional<String> hidden = builder.trackingUrl(row.id(), content.id(),
                            io.neuromail.delivery.api.TrackingLinks.HONEYPOT);
                    if (pixel.isPresent() && hidden.isPresent()) {
                        html = TrackedHtml.withPixel(html, pixel.get(), hidden.get());
                    }
                }
                return new MessageBuilder.Parts(rendered.subject(), rendered.text(), html);
            });
        }
        Map<String, String> fields = fields(row);
        return builder.build(content, row.id(), row.recipient(), fields);
    }

    /**
     * Reads the merge values of the claimed rows of Liquid sends, one look-up for the batch, and answers
     * the rows that can be rendered. A contact deleted since the send was created ends its row as
     * suppressed; a test row whose contact is gone renders with the fallbacks. While the address book
     * cannot answer, the rows wait in the queue. Values: the contact's attributes, the send's
     * constants, then its address and names.
     */
    private List<Claim> withMergeValues(String accountId, List<Claim> rows, Map<String, SendContent> contents,
                                        Map<String, Map<String, Object>> values) {
        List<Claim> liquid = new ArrayList<>();
        for (Claim row : rows) {
            SendContent content = contents.get(row.sendId());
            if (content != null && content.liquid()) {
                liquid.add(row);
            }
        }
        if (liquid.isEmpty()) {
            return rows;
        }
        List<String> ids = liquid.stream().map(Claim::contactId).filter(java.util.Objects::nonNull).distinct().toList();
        Map<String, io.neuromail.contacts.api.Recipient> found = new HashMap<>();
        long now = clock.millis();
        for (int from = 0; from < ids.size(); from += io.neuromail.contacts.api.Suppressions.MAX_BATCH) {
            Optional<Map<String, io.neuromail.contacts.api.Recipient>> batch = mergeValues.byIds(accountId,
                    ids.subList(from, Math.min(ids.size(), from + io.neuromail.contacts.api.Suppressions.MAX_BATCH)));
            if (batch.isEmpty()) {
                ledger.release(liquid, owner, now + settings.senderWaitMillis(),
                        "waiting for the address book to give the contacts' values", now);
                List<Claim> rest = new ArrayList<>(rows);
                rest.removeAll(liquid);
                return rest;
            }
            found.putAll(batch.get());
        }
        List<Claim> gone = new ArrayList<>();
        for (Claim row : liquid) {
            SendContent content = contents.get(row.sendId());
            io.neuromail.contacts.api.Recipient contact = row.contactId() == null ? null : found.get(row.contactId());
            if (contact == null && row.contactId() != null && !SendKind.TEST.equals(content.kind())) {
                gone.add(row);
                continue;
            }
            Map<String, Object> v = new HashMap<>();
            if (contact != null) {
                v.putAll(contact.attributes());
            }
            v.putAll(content.constants());
            if (contact != null) {
                putIfPresent(v, "first_name", contact.firstName());
                putIfPresent(v, "last_name", contact.lastName());
            }
            v.put("email", row.recipient());
            values.put(row.id(), v);
        }
        if (gone.isEmpty()) {
            return rows;
        }
        ledger.suppress(gone, owner, CONTACT_DELETED, now);
        List<Claim> rest = new ArrayList<>(rows);
        rest.removeAll(gone);
        return rest;
    }

    private static void putIfPresent(Map<String, Object> values, String name, String value) {
        if (value != null) {
            values.put(name, value);
        }
    }

    /** Why a row of a Liquid send was skipped when its contact was deleted after the send was created. */
    static final String CONTACT_DELETED = "the contact was deleted before it was sent";

    private static Map<String, String> fields(Claim row) {
        Map<String, String> fields = new HashMap<>();
        if (row.personalisation() != null && !row.personalisation().isBlank()) {
            try {
                fields.putAll(JSON.readValue(row.personalisation(), new TypeReference<Map<String, String>>() { }));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("its merge fields are not readable: " + e.getMessage(), e);
            }
        }
        fields.put("email", row.recipient());
        return fields;
    }

    private long micros() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /** The engine's workers are being stopped. */
    private boolean stopping() {
        return !running && !threads.isEmpty();
    }

    /** Waits until the slot's time; answers false when the engine stops meanwhile. */
    private boolean awaitSlot(long slotMicros) {
        while (true) {
            long waitMicros = slotMicros - micros();
            if (waitMicros <= 0) {
                return true;
            }
            if (stopping()) {
                return false;
            }
            try {
                Thread.sleep(waitMicros / 1000, (int) (waitMicros % 1000) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
