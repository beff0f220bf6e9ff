package io.neuromail.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.db.internal.PersistenceService;
import io.neuromail.identity.internal.jpa.ActivityEntity;
import io.neuromail.testing.db.PostgresTestDatabase;

/**
 * The cost of recording an activity entry, before and after the hash chain: run by
 * {@code bench/activity/run.sh}, not by the build. "Before" is what {@code record} did until the
 * chain: one JPA persist of the entry in its own transaction. "After" is {@code record} now: lock the
 * account's head, insert, move the head. Prints microseconds per entry.
 */
public final class ActivityRecordBench {

    private ActivityRecordBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        boolean postgres = args.length > 1 && args[1].toLowerCase(Locale.ROOT).startsWith("postgres");
        PostgresTestDatabase pg = postgres ? PostgresTestDatabase.create("activity_bench") : null;
        try {
            DataSource ds;
            if (pg != null) {
                ds = pg.dataSource();
            } else {
                JdbcDataSource h2 = new JdbcDataSource();
                h2.setURL("jdbc:h2:mem:activity_bench;DB_CLOSE_DELAY=-1");
                h2.setUser("sa");
                ds = h2;
            }
            IdentityDatabase database = new IdentityDatabase(new PersistenceService(ds));
            ActivityLogService log = new ActivityLogService(database, Clock.systemUTC());
            System.out.printf("database: %s, %d entries per run%n", postgres ? "PostgreSQL" : "H2 (in memory)", n);
            for (int round = 1; round <= 2; round++) {
                String label = round == 1 ? "warm-up " : "";
                System.out.printf("%sbefore (JPA persist, 1 thread):          %8.1f µs/entry%n", label, before(database, n));
                System.out.printf("%safter  (chain, 1 thread, 1 account):     %8.1f µs/entry%n", label, after(log, n, 1, true));
                System.out.printf("%safter  (chain, 4 threads, 1 account):    %8.1f µs/entry%n", label, after(log, n, 4, true));
                System.out.printf("%safter  (chain, 4 threads, 4 accounts):   %8.1f µs/entry%n", label, after(log, n, 4, false));
            }
            database.deactivate();
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    private static double before(IdentityDatabase database, int n) {
        String account = UUID.randomUUID().toString();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ActivityEntity e = new ActivityEntity();
            e.id = UUID.randomUUID().toString();
            e.occurredAt = Instant.now();
            e.seq = i;
            e.type = "contacts.contact.created";
            e.ip = "192.0.2.1";
            e.userAgent = "bench";
            e.details = "{\"contactId\":\"c" + i + "\"}";
            database.unit().inAccount(account, em -> {
                em.persist(e);
                return null;
            });
        }
        return (System.nanoTime() - start) / 1000.0 / n;
    }

    private static double after(ActivityLogService log, int n, int threads, boolean oneAccount) throws Exception {
        String shared = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String account = oneAccount ? shared : UUID.randomUUID().toString();
                done.add(pool.submit(() -> {
                    for (int i = 0; i < n / threads; i++) {
                        log.record(ActivityEvent.in(account, "contacts.contact.created").client("192.0.2.1", "bench")
                                .detail("contactId", "c" + i).build());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return (System.nanoTime() - start) / 1000.0 / (n / threads * threads);
        } finally {
            pool.shutdownNow();
        }
    }
}
