package io.neuromail.identity.internal;

/** Where a request came from, for the activity log and per-address limits. */
public record ClientInfo(String ip, String userAgent) {

    public ClientInfo {
        ip = clip(ip, 64);
        userAgent = clip(userAgent, 512);
    }

    private static String clip(String value, int max) {
        if (value == null) {
            return null;
        }
        return value.length() <= max ? value : value.substring(0, max);
    }
}
