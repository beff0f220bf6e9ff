package io.neuromail.senderidentity.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.neuromail.senderidentity.internal.dns.Dns;

/** DNS answers a test sets: TXT and CNAME records by name, and names whose resolver fails. */
final class FakeDns implements Dns {

    final Map<String, List<String>> txt = new ConcurrentHashMap<>();
    final Map<String, List<String>> cname = new ConcurrentHashMap<>();
    final Set<String> failing = ConcurrentHashMap.newKeySet();

    FakeDns txt(String name, String... values) {
        txt.computeIfAbsent(name, n -> new ArrayList<>()).addAll(List.of(values));
        return this;
    }

    @Override
    public List<String> txt(String name) {
        if (failing.contains(name)) {
            throw new DnsFailure("the DNS resolver answered SERVFAIL for TXT " + name, null);
        }
        return txt.getOrDefault(name, List.of());
    }

    @Override
    public List<String> cname(String name) {
        if (failing.contains(name)) {
            throw new DnsFailure("the DNS resolver answered SERVFAIL for CNAME " + name, null);
        }
        return cname.getOrDefault(name, List.of());
    }
}
