package io.neuromail.filters.internal.builtin;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Well-known brands that phishing imitates, from {@code brands.txt}: one brand a line, its name
 * (the label people recognise, e.g. {@code paypal}) and then its official domains.
 *
 * @param brands the brands
 */
record Brands(List<Brand> brands) {

    /** A brand and the domains that really belong to it. */
    record Brand(String name, Set<String> domains) {
        boolean owns(String registrable) {
            return domains.contains(registrable);
        }
    }

    static Brands parse(List<String> lines) {
        List<Brand> brands = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.toLowerCase(Locale.ROOT).split("\\s+");
            Set<String> domains = new HashSet<>();
            for (int i = 1; i < fields.length; i++) {
                domains.add(fields[i]);
            }
            if (domains.isEmpty()) {
                domains.add(fields[0] + ".com");
            }
            brands.add(new Brand(fields[0], Set.copyOf(domains)));
        }
        return new Brands(List.copyOf(brands));
    }

    /** Levenshtein distance, stopping early once it exceeds {@code limit}. */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * Undoes the swaps of look-alike domains: digits for letters ({@code paypa1} → {@code paypal}),
     * {@code rn} for {@code m}, and Cyrillic or Greek letters that look Latin ({@code аpple} → {@code apple}).
     */
    static String unconfuse(String label) {
        StringBuilder out = new StringBuilder(label.length());
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c == 'r' && i + 1 < label.length() && label.charAt(i + 1) == 'n') {
                out.append('m');
                i++;
                continue;
            }
            out.append(switch (c) {
                case '0' -> 'o';
                case '1', '!', '|' -> 'l';
                case '3' -> 'e';
                case '4', '@' -> 'a';
                case '5', '$' -> 's';
                case '7' -> 't';
                case 'ı', 'і' -> 'i';
                case 'а' -> 'a';
                case 'е' -> 'e';
                case 'о', 'ο' -> 'o';
                case 'р', 'ρ' -> 'p';
                case 'с' -> 'c';
                case 'у' -> 'y';
                case 'х' -> 'x';
                default -> c;
            });
        }
        return out.toString();
    }
}
