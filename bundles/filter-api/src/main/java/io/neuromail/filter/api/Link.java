package io.neuromail.filter.api;

import java.util.Objects;

/**
 * A link of the message.
 *
 * @param url  the address exactly as written (trimmed, entities decoded)
 * @param host the host name in lower case, {@code ""} when the address has none (e.g. {@code mailto:})
 * @param text the text a reader sees for the link ({@code ""} for an image link or a bare address)
 * @param part {@link Part#HTML} for an HTML element ({@code a}, {@code area}, {@code form}),
 *             {@link Part#BODY} for an address written in the text part
 */
public record Link(String url, String host, String text, Part part) {

    public Link {
        Objects.requireNonNull(url, "url");
        host = host == null ? "" : host;
        text = text == null ? "" : text;
        Objects.requireNonNull(part, "part");
    }
}
