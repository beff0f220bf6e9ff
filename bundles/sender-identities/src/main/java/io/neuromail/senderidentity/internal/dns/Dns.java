package io.neuromail.senderidentity.internal.dns;

import java.util.List;

/** The few DNS questions a domain check asks. */
public interface Dns {

    /**
     * The TXT records at {@code name}, each as its strings joined (RFC 7208 §3.3); empty when the
     * name or the type does not exist.
     *
     * @throws DnsFailure when the resolver could not answer (timeout, SERVFAIL, refused)
     */
    List<String> txt(String name);

    /** The target of a CNAME at {@code name}, without the final dot; empty when there is none. */
    List<String> cname(String name);

    /** The resolver did not answer the question. */
    final class DnsFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DnsFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
