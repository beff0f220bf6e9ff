package io.neuromail.filter.api;

/** Where in a message a finding is. */
public enum Part {
    SUBJECT, FROM, REPLY_TO, HEADER, BODY, LINK, HTML, MESSAGE
}
