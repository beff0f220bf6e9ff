package io.neuromail.itests.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the built distribution archive as an operator would — unpacked and started with
 * {@code bin/karaf server} — for tests that drive it from outside the JVM, such as the browser tests.
 * Started once per test run and stopped when the run ends; its base URL is published as the system
 * property {@value #BASE_URL}.
 */
public final class RunningDistribution implements BeforeAllCallback {

    public static final String BASE_URL = "neuromail.baseUrl";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunningDistribution.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Server server = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Server.class, k -> Server.start(), Server.class);
        System.setProperty(BASE_URL, server.baseUrl);
    }

    /** One unpacked, started distribution. */
    static final class Server implements ExtensionContext.Store.CloseableResource {
        private final Distributions.Node node;
        private final String baseUrl;

        private Server(Distributions.Node node) {
            this.node = node;
            this.baseUrl = node.baseUrl();
        }

        static Server start() {
            int port = Integer.parseInt(Settings.required("neuromail.itest.browser.port"));
            Distributions.Node node;
            try {
                node = Distributions.Node.unpack(Path.of("target", "browser-distribution").toAbsolutePath(), port);
                // Like the general suite: accounts signed up in the browser may send at once.
                node.append("etc/io.neuromail.identity.cfg", "signup.mode = open");
                // Like the general suite: accounts may send from these domains without verifying them.
                node.append("etc/io.neuromail.senderidentities.cfg",
                        "preVerifiedDomains = " + NeuroMailTestSupport.PRE_VERIFIED_DOMAINS);
                node.start();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start the NeuroMail distribution: " + e.getMessage(), e);
            }
            Server server = new Server(node);
            try {
                // A cold start on a loaded machine can pass two minutes (Karaf resolves every feature once).
                node.awaitHealthy(Duration.ofSeconds(240));
            } catch (AssertionError notHealthy) {
                server.close();
                throw notHealthy;
            }
            return server;
        }

        @Override
        public void close() {
            try {
                node.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
