package io.neuromail.delivery.internal;

import java.util.Optional;
import java.util.function.Supplier;

import io.neuromail.api.persistence.DataAccessException;
import io.neuromail.api.persistence.Jdbc;

/**
 * Secrets every node on one database must share (the key that signs unsubscribe links), kept in
 * {@code nm_delivery_secret}. The first node to need one stores it; every other node, now or later,
 * reads that one, so a link one node put in a mail opens on any node.
 */
final class SharedSecrets {

    private final Jdbc jdbc;

    SharedSecrets(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The secret of that name: the stored one, or else {@code initial}'s, stored unless another node
     * stored one first (then that one is answered).
     */
    String getOrCreate(String name, Supplier<String> initial, long now) {
        Optional<String> stored = read(name);
        if (stored.isPresent()) {
            return stored.get();
        }
        try {
            jdbc.update("INSERT INTO nm_delivery_secret (name, secret, created_at) VALUES (?, ?, ?)", name,
                    initial.get(), now);
        } catch (DataAccessException e) {
            // Class 23, integrity constraint violation: another node stored its secret first.
            if (e.sqlState() == null || !e.sqlState().startsWith("23")) {
                throw e;
            }
        }
        return read(name).orElseThrow(() -> new IllegalStateException("the secret " + name + " was not stored"));
    }

    private Optional<String> read(String name) {
        return jdbc.system(c -> Jdbc.one(c, "SELECT secret FROM nm_delivery_secret WHERE name = ?", rs -> rs.getString(1),
                name));
    }
}
