package io.neuromail.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.neuromail.api.persistence.PersistenceUnit;
import io.neuromail.db.internal.PersistenceService;

/** Nodes on one database share one unsubscribe key: whoever stores it first, the others read it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedSecretsTest {

    private PersistenceUnit unit;
    private SharedSecrets secrets;

    @BeforeAll
    void start() throws Exception {
        PersistenceService persistence = new PersistenceService(TestDatabases.h2());
        unit = TestDatabases.migrate(persistence);
        secrets = new SharedSecrets(persistence.jdbc());
    }

    @AfterAll
    void stop() {
        unit.close();
    }

    @Test
    void theFirstStoredSecretIsEveryonesAfterwards() {
        String name = "test-" + UUID.randomUUID();
        assertEquals("first", secrets.getOrCreate(name, () -> "first", 1));
        assertEquals("first", secrets.getOrCreate(name, () -> "second", 2));
    }

    @Test
    void nodesStartingTogetherAgreeOnOneSecret() throws Exception {
        String name = "race-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String mine = "node-" + i;
                answers.add(pool.submit(() -> secrets.getOrCreate(name, () -> mine, 1)));
            }
            Set<String> seen = new HashSet<>();
            for (Future<String> answer : answers) {
                seen.add(answer.get());
            }
            assertEquals(1, seen.size(), "one secret for all: " + seen);
        } finally {
            pool.shutdownNow();
        }
    }
}
