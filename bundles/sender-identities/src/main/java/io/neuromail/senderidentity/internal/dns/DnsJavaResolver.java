package io.neuromail.senderidentity.internal.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NioClient;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link Dns} on dnsjava: one recursive question per call to the configured resolver, or to the
 * system's resolvers when none is configured. No cache of its own, so a re-check sees a record as
 * soon as the resolver does.
 */
public final class DnsJavaResolver implements Dns {

    private final Resolver resolver;

    private DnsJavaResolver(Resolver resolver) {
        this.resolver = resolver;
    }

    /**
     * A resolver asking {@code server} ({@code host}, {@code host:port} or {@code [v6]:port}), or the
     * system's resolvers when it is blank.
     *
     * @throws IllegalArgumentException when {@code server} cannot be understood
     */
    public static DnsJavaResolver of(String server, Duration timeout) {
        Resolver r;
        if (server == null || server.isBlank()) {
            r = new ExtendedResolver();
        } else {
            InetSocketAddress address = parse(server.strip());
            SimpleResolver simple = new SimpleResolver(address);
            r = simple;
        }
        r.setTimeout(timeout);
        return new DnsJavaResolver(r);
    }

    static InetSocketAddress parse(String server) {
        String host = server;
        int port = 53;
        if (server.startsWith("[")) {
            int close = server.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("dns.server: unclosed '[' in " + server);
            }
            host = server.substring(1, close);
            if (server.length() > close + 1) {
                port = port(server.substring(close + 1).replaceFirst("^:", ""), server);
            }
        } else if (server.indexOf(':') >= 0 && server.indexOf(':') == server.lastIndexOf(':')) {
            host = server.substring(0, server.indexOf(':'));
            port = port(server.substring(server.indexOf(':') + 1), server);
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("dns.server: no host in " + server);
        }
        // An address literal or a name resolved once, by the system, when the configuration is read.
        return new InetSocketAddress(host, port);
    }

    private static int port(String value, String server) {
        try {
            int port = Integer.parseInt(value);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("dns.server: port out of range in " + server);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dns.server: not a port in " + server, e);
        }
    }

    /**
     * Ends dnsjava's I/O loop and removes the JVM shutdown hook it registers with its first query.
     * Called when the bundle stops: left in place, that hook runs at JVM exit, after the framework
     * has stopped dnsjava, waits for an I/O loop that can no longer answer, and Karaf never exits.
     * A later query starts the loop again. Waits at most {@code limit}.
     */
    public static void shutdown(Duration limit) throws InterruptedException {
        Thread closer = new Thread(NioClient::close, "dnsjava close");
        closer.setDaemon(true);
        closer.start();
        closer.join(limit.toMillis());
        if (closer.isAlive()) {
            throw new IllegalStateException("dnsjava's I/O loop did not end within " + limit);
        }
    }

    @Override
    public List<String> txt(String name) {
        List<String> values = new ArrayList<>();
        for (Record record : ask(name, Type.TXT)) {
            if (record instanceof TXTRecord txt) {
                values.add(String.join("", txt.getStrings()));
            }
        }
        return values;
    }

    @Override
    public List<String> cname(String name) {
        List<String> values = new ArrayList<>();
        for (Record record : ask(name, Type.CNAME)) {
            if (record instanceof CNAMERecord cname) {
                String target = cname.getTarget().toString();
                values.add(target.endsWith(".") ? target.substring(0, target.length() - 1) : target);
            }
        }
        return values;
    }

    private List<Record> ask(String name, int type) {
        Name qname;
        try {
            qname = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + name, e);
        }
        Message answer;
        try {
            answer = resolver.send(Message.newQuery(Record.newRecord(qname, type, DClass.IN)));
        } catch (IOException e) {
            throw new DnsFailure("the DNS resolver did not answer " + Type.string(type) + " " + name
                    + ": " + e.getMessage(), e);
        }
        int rcode = answer.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return List.of();
        }
        if (rcode != Rcode.NOERROR) {
            throw new DnsFailure("the DNS resolver answered " + Rcode.string(rcode) + " for " + Type.string(type)
                    + " " + name, null);
        }
        List<Record> matching = new ArrayList<>();
        for (Record record : answer.getSection(Section.ANSWER)) {
            // A recursive answer may lead through a CNAME chain to the records asked for.
            if (record.getType() == type && (type != Type.CNAME || record.getName().equals(qname))) {
                matching.add(record);
            }
        }
        return matching;
    }
}
