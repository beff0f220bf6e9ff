package io.neuromail.sender.smtp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sockets with Nagle's algorithm off. SMTP is a dialogue of small writes (MAIL, RCPT, DATA, the
 * final dot); with Nagle on, each small write after a larger one waits for the relay's delayed ACK
 * (about 40 ms on Linux), which caps a connection at some 20 messages per second.
 */
final class NoDelaySocketFactory extends SocketFactory {

    /** Plain sockets: plain SMTP, and the connection that STARTTLS then upgrades. */
    static final NoDelaySocketFactory PLAIN = new NoDelaySocketFactory(SocketFactory.getDefault());

    private final SocketFactory sockets;

    private NoDelaySocketFactory(SocketFactory sockets) {
        this.sockets = sockets;
    }

    /** TLS sockets (implicit TLS and STARTTLS) of {@code tls}, with Nagle's algorithm off. */
    static SSLSocketFactory tls(SSLSocketFactory tls) {
        return new Tls(tls);
    }

    @Override
    public Socket createSocket() throws IOException {
        return noDelay(sockets.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(sockets.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(sockets.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(sockets.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(sockets.createSocket(address, port, localAddress, localPort));
    }

    private static Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }

    /**
     * The same for TLS. Jakarta Mail wants an {@link SSLSocketFactory} for TLS, so this one only adds
     * the TLS methods and leaves opening sockets to a {@link NoDelaySocketFactory} over the TLS one.
     */
    private static final class Tls extends SSLSocketFactory {

        private final SSLSocketFactory tls;
        private final NoDelaySocketFactory sockets;

        Tls(SSLSocketFactory tls) {
            this.tls = tls;
            this.sockets = new NoDelaySocketFactory(tls);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
            return noDelay(tls.createSocket(plain, host, port, autoClose));
        }

        @Override
        public Socket createSocket() throws IOException {
            return sockets.createSocket();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return sockets.createSocket(host, port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return sockets.createSocket(host, port, localHost, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return sockets.createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return sockets.createSocket(address, port, localAddress, localPort);
        }
    }
}
