package io.neuromail.tracking.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A set of IP networks (IPv4 and IPv6) read from a CSV file whose first column is a network in CIDR
 * notation, as Apple publishes the egress ranges of its privacy proxies
 * ({@code 172.224.224.0/27,GB,GB-EN,London,}). Lookups are a binary search over merged ranges, a few
 * hundred nanoseconds for a million networks. Lines that are not a network are skipped and counted.
 */
final class NetworkRanges {

    /** No network at all. */
    static final NetworkRanges NONE = new NetworkRanges(new long[0][], 0);

    /** Longest line looked at; Apple's lines are under 60 characters. */
    private static final int MAX_LINE = 200;

    /** Merged ranges as {high, low} of the first and of the last address (IPv4 mapped into IPv6), sorted. */
    private final long[][] ranges;
    private final int skipped;

    private NetworkRanges(long[][] ranges, int skipped) {
        this.ranges = ranges;
        this.skipped = skipped;
    }

    /** Reads the networks of a CSV file (or plain list), at most {@code maxLines} lines. */
    static NetworkRanges read(Reader source, int maxLines) throws IOException {
        List<long[]> found = new ArrayList<>();
        int skipped = 0;
        int lines = 0;
        try (BufferedReader in = new BufferedReader(source)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (++lines > maxLines) {
                    throw new IOException("more than " + maxLines + " lines");
                }
                String cell = line.length() > MAX_LINE ? "" : line.strip();
                int comma = cell.indexOf(',');
                cell = comma < 0 ? cell : cell.substring(0, comma).strip();
                if (cell.isEmpty() || cell.startsWith("#")) {
                    continue;
                }
                long[] range = range(cell);
                if (range == null) {
                    skipped++;
                } else {
                    found.add(range);
                }
            }
        }
        found.sort(Comparator.<long[]>comparingLong(r -> r[0] ^ Long.MIN_VALUE).thenComparingLong(r -> r[1] ^ Long.MIN_VALUE));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : found) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && touches(last, r)) {
                if (compare(r[2], r[3], last[2], last[3]) > 0) {
                    last[2] = r[2];
                    last[3] = r[3];
                }
            } else {
                merged.add(r.clone());
            }
        }
        return new NetworkRanges(merged.toArray(new long[0][]), skipped);
    }

    int size() {
        return ranges.length;
    }

    int skipped() {
        return skipped;
    }

    /** Whether the address (an IP literal, as the client address of a request) is in one of the networks. */
    boolean contains(String address) {
        if (ranges.length == 0 || address == null) {
            return false;
        }
        long[] a = address(address);
        if (a == null) {
            return false;
        }
        int lo = 0;
        int hi = ranges.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long[] r = ranges[mid];
            if (compare(a[0], a[1], r[0], r[1]) < 0) {
                hi = mid - 1;
            } else if (compare(a[0], a[1], r[2], r[3]) > 0) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** {first high, first low, last high, last low} of a CIDR network, or {@code null}. */
    static long[] range(String cidr) {
        int slash = cidr.indexOf('/');
        long[] a = address(slash < 0 ? cidr : cidr.substring(0, slash));
        if (a == null) {
            return null;
        }
        boolean v4 = cidr.indexOf(':') < 0;
        int bits;
        try {
            bits = slash < 0 ? (v4 ? 32 : 128) : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        int max = v4 ? 32 : 128;
        if (bits < 0 || bits > max) {
            return null;
        }
        int prefix = bits + (v4 ? 96 : 0);
        long highMask = prefix >= 64 ? -1L : prefix == 0 ? 0L : -1L << (64 - prefix);
        long lowMask = prefix <= 64 ? 0L : prefix == 128 ? -1L : -1L << (128 - prefix);
        return new long[] {a[0] & highMask, a[1] & lowMask, a[0] | ~highMask, a[1] | ~lowMask};
    }

    /** An IP literal as {high, low} (IPv4 mapped into IPv6), or {@code null}; never a name lookup. */
    static long[] address(String literal) {
        InetAddress parsed = IpAddresses.literal(literal.strip());
        if (parsed == null) {
            return null;
        }
        byte[] b = parsed.getAddress();
        byte[] v6 = b.length == 16 ? b : new byte[16];
        if (b.length == 4) {
            v6[10] = (byte) 0xFF;
            v6[11] = (byte) 0xFF;
            System.arraycopy(b, 0, v6, 12, 4);
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (v6[i] & 0xFF);
            low = (low << 8) | (v6[i + 8] & 0xFF);
        }
        return new long[] {high, low};
    }

    /** Whether {@code next} (starting at or after {@code last}) overlaps {@code last} or starts right after it. */
    private static boolean touches(long[] last, long[] next) {
        if (last[2] == -1L && last[3] == -1L) {
            return true;
        }
        long afterLow = last[3] + 1;
        long afterHigh = afterLow == 0 ? last[2] + 1 : last[2];
        return compare(next[0], next[1], afterHigh, afterLow) <= 0;
    }

    private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }
}
