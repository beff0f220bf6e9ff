package io.neuromail.delivery.internal;

/** Which sender an account sends through, and whether the next by ranking may stand in. */
public record AccountSettings(String sender, boolean fallback) {
}
