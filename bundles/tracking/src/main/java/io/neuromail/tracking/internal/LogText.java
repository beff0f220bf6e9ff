package io.neuromail.tracking.internal;

import io.neuromail.api.rest.LogSafe;

/** Tokens in log lines: a short prefix, encoded like every request value ({@link LogSafe}). */
final class LogText {

    /** How much of a token a log line shows: enough to match a report, too little to use. */
    static final int TOKEN_PREFIX = 8;

    private LogText() {
    }

    /** The first characters of a token, e.g. {@code 0f3a9c1e…}. */
    static String token(String token) {
        if (token == null) {
            return "-";
        }
        return LogSafe.of(token.length() <= TOKEN_PREFIX ? token : token.substring(0, TOKEN_PREFIX)) + "…";
    }
}
