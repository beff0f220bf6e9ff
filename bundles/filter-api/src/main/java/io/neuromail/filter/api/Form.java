package io.neuromail.filter.api;

/**
 * A form embedded in the message (mail should not carry forms: they are a phishing tool).
 *
 * @param action         where the form posts, {@code ""} if it does not say
 * @param inputs         how many input fields it has
 * @param passwordFields how many of them are password fields
 */
public record Form(String action, int inputs, int passwordFields) {

    public Form {
        action = action == null ? "" : action;
    }
}
