package io.neuromail.api.security;

import java.util.List;
import java.util.function.Function;

/**
 * The one rule for "a caller on this machine": a loopback peer that no proxy header speaks for. Health
 * details and metrics are shown to such callers; a reverse proxy on the same machine forwards other
 * people's requests from loopback too, and is recognised by the headers it adds.
 */
public final class LocalPeer {

    /** A loopback peer sending one of these is a proxy on this machine speaking for someone else. */
    public static final List<String> PROXY_HEADERS = List.of("X-Forwarded-For", "Forwarded", "X-Real-IP");

    private LocalPeer() {
    }

    /**
     * Whether the request comes from this machine itself.
     *
     * @param remoteAddress the connecting peer's address, as the servlet container reports it
     * @param header        the request's header of a name, or {@code null} when it has none
     */
    public static boolean isLocal(String remoteAddress, Function<String, String> header) {
        return isLoopback(remoteAddress) && PROXY_HEADERS.stream().allMatch(h -> header.apply(h) == null);
    }

    /** Whether {@code address} (IPv4, IPv6, or IPv6 in brackets) is a loopback address. */
    public static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        return a.startsWith("127.") || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1");
    }
}
