package io.neuromail.tracking.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** How much of a client's address an event keeps ({@link TrackingConfig#ipAddresses()}). */
final class IpAddresses {

    private IpAddresses() {
    }

    /** The address to store: {@code null} for {@code none} or what is not an IP address literal. */
    static String stored(String client, TrackingConfig.IpStorage storage) {
        if (client == null || storage == TrackingConfig.IpStorage.none) {
            return null;
        }
        InetAddress address = literal(client);
        if (address == null) {
            return null;
        }
        if (storage == TrackingConfig.IpStorage.full) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        // The network, not the host: the /24 of IPv4, the /48 of IPv6.
        int keep = address instanceof Inet4Address ? 3 : 6;
        for (int i = keep; i < bytes.length; i++) {
            bytes[i] = 0;
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
    }

    /**
     * The address when {@code text} is an IPv4 or IPv6 literal, else {@code null}; never a name
     * look-up (only digits, hex digits, dots and colons are passed on).
     */
    static InetAddress literal(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        boolean colon = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            colon |= ch == ':';
            boolean ok = ch == '.' || ch == ':' || Character.digit(ch, 16) >= 0;
            if (!ok) {
                return null;
            }
        }
        if (!colon) {
            // IPv4 only in dotted-quad form (InetAddress also takes "1" or "1.2" as addresses).
            String[] parts = text.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            for (String part : parts) {
                if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                        || Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            InetAddress address = InetAddress.getByName(text);
            if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
                return null;
            }
            return address;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
