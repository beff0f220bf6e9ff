package io.neuromail.contacts.internal;

import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.security.Caller;

/**
 * Who makes a change: a signed-in user or API key, or NeuroMail itself on behalf of an account
 * (a bounce, an unsubscribe link). Activity entries are attributed accordingly.
 */
public record Actor(String accountId, Caller caller) {

    public static Actor of(Caller caller) {
        return new Actor(caller.accountId(), caller);
    }

    public static Actor system(String accountId) {
        return new Actor(accountId, null);
    }

    public ActivityEvent.Builder event(String type) {
        return caller != null ? ActivityEvent.by(caller, type) : ActivityEvent.in(accountId, type);
    }
}
