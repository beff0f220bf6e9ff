package io.neuromail.identity.internal;

import java.time.Instant;

/**
 * An account as the operator's console lists it.
 *
 * @param owner    the address of its first owner, or {@code null} while it has none (an open invitation)
 * @param users    how many members it has
 * @param verified whether its owner confirmed the address
 */
public record AccountSummary(String id, String name, String owner, long users, Instant createdAt, boolean verified) {
}
