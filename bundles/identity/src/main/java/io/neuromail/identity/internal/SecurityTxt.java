package io.neuromail.identity.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import io.neuromail.api.mail.EmailAddress;

/**
 * The fields of {@code /.well-known/security.txt} (RFC 9116) as the operator configured them, checked
 * once: contacts must be {@code mailto:} addresses (a bare address counts as one) or {@code https:}
 * URLs, the other links {@code https:} URLs, languages tags of letters, digits and '-'. What does not
 * pass is left out and reported; without a single good contact there is no file ({@link #render} is
 * empty), since a security.txt without a contact is not a valid one.
 */
public record SecurityTxt(List<String> contacts, Instant fixedExpiry, Duration expiresAfter, List<String> encryption,
                          Optional<String> policy, List<String> languages) {

    /** The path the file is served at. */
    public static final String PATH = "/.well-known/security.txt";

    private static final int MAX_URI = 2048;
    private static final int MAX_LANGUAGE_TAG = 35;

    public SecurityTxt {
        contacts = List.copyOf(contacts);
        encryption = List.copyOf(encryption);
        languages = List.copyOf(languages);
    }

    /** The fields from the configuration; every value left out is told to {@code problems}. */
    public static SecurityTxt of(SecurityTxtConfig config, Consumer<String> problems) {
        List<String> contacts = new ArrayList<>();
        for (String raw : nonNull(config.contact())) {
            String value = raw == null ? "" : raw.strip();
            if (value.isEmpty()) {
                continue;
            }
            Optional<String> contact = contact(value);
            contact.ifPresentOrElse(contacts::add,
                    () -> problems.accept("contact '" + value + "' is neither a mailto: address nor an https: URL; left out"));
        }
        List<String> encryption = new ArrayList<>();
        for (String raw : nonNull(config.encryption())) {
            String value = raw == null ? "" : raw.strip();
            if (!value.isEmpty()) {
                https(value).ifPresentOrElse(encryption::add,
                        () -> problems.accept("encryption '" + value + "' is not an https: URL; left out"));
            }
        }
        Optional<String> policy = Optional.empty();
        String policyValue = config.policy() == null ? "" : config.policy().strip();
        if (!policyValue.isEmpty()) {
            policy = https(policyValue);
            if (policy.isEmpty()) {
                problems.accept("policy '" + policyValue + "' is not an https: URL; left out");
            }
        }
        List<String> languages = new ArrayList<>();
        for (String tag : (config.preferredLanguages() == null ? "" : config.preferredLanguages()).split(",")) {
            String value = tag.strip();
            if (value.isEmpty()) {
                continue;
            }
            if (isLanguageTag(value)) {
                languages.add(value);
            } else {
                problems.accept("preferred language '" + value + "' is not a language tag such as en or de-CH; left out");
            }
        }
        Instant fixed = null;
        String expires = config.expires() == null ? "" : config.expires().strip();
        if (!expires.isEmpty()) {
            try {
                fixed = Instant.parse(expires);
            } catch (DateTimeParseException e) {
                problems.accept("expires '" + expires + "' is not a time such as 2027-06-30T00:00:00Z; "
                        + "expiresDays is used instead");
            }
        }
        int days = config.expiresDays();
        if (days < 1 || days > 366) {
            problems.accept("expiresDays must be 1 to 366 (RFC 9116 advises less than a year); 180 is used");
            days = 180;
        }
        return new SecurityTxt(contacts, fixed, Duration.ofDays(days), encryption, policy, languages);
    }

    /**
     * The file's text at {@code now}; empty when no contact is configured. {@code baseUrl} is the public
     * address of this NeuroMail (empty when not set), which makes the {@code Canonical} field.
     */
    public Optional<String> render(Instant now, String baseUrl) {
        if (contacts.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        contacts.forEach(c -> text.append("Contact: ").append(c).append('\n'));
        Instant expiry = fixedExpiry != null ? fixedExpiry : now.plus(expiresAfter).truncatedTo(ChronoUnit.DAYS);
        text.append("Expires: ").append(expiry.truncatedTo(ChronoUnit.SECONDS)).append('\n');
        encryption.forEach(e -> text.append("Encryption: ").append(e).append('\n'));
        policy.ifPresent(p -> text.append("Policy: ").append(p).append('\n'));
        if (!languages.isEmpty()) {
            text.append("Preferred-Languages: ").append(String.join(", ", languages)).append('\n');
        }
        if (baseUrl != null && !baseUrl.isBlank()) {
            text.append("Canonical: ").append(baseUrl.strip()).append(PATH).append('\n');
        }
        return Optional.of(text.toString());
    }

    static Optional<String> contact(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mailto:")) {
            return EmailAddress.parse(value.substring("mailto:".length())).map(a -> "mailto:" + a.address());
        }
        if (lower.startsWith("https:")) {
            return https(value);
        }
        if (!lower.contains(":")) {
            return EmailAddress.parse(value).map(a -> "mailto:" + a.address());
        }
        return Optional.empty();
    }

    /** The value when it is an absolute https URL with a host, of sane length and without spaces or controls. */
    static Optional<String> https(String value) {
        if (value.length() > MAX_URI || value.codePoints().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && !uri.getHost().isEmpty()
                    ? Optional.of(value) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static boolean isLanguageTag(String tag) {
        if (tag.length() > MAX_LANGUAGE_TAG || tag.startsWith("-") || tag.endsWith("-")) {
            return false;
        }
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** The values of a list key; a value in a .cfg file may itself be a comma-separated list. */
    private static List<String> nonNull(String[] values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                if (value != null) {
                    out.addAll(List.of(value.split(",")));
                }
            }
        }
        return out;
    }
}
