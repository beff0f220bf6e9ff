package io.neuromail.sender.smtp.internal;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One relay's settings, checked: what {@link SmtpConfig} says once it is known to be usable.
 * {@link #toString()} leaves the password out, so a settings object can be logged.
 */
record RelaySettings(String name, String title, String host, int port, Security security, String username,
                     String password, String tlsTrustedHosts, double maxPerSecond, long maxMessageBytes,
                     int connections, Duration connectTimeout, Duration readTimeout, String heloName,
                     int ranking) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    RelaySettings {
        require(NAME.matcher(name).matches(), "name must be 1-63 of a-z, 0-9 and '-': '" + name + "'");
        require(!host.isBlank(), "host must not be empty");
        require(port > 0 && port < 65536, "port must be 1-65535: " + port);
        require(maxPerSecond > 0 && !Double.isInfinite(maxPerSecond), "maxPerSecond must be positive: " + maxPerSecond);
        require(maxMessageBytes > 0, "maxMessageBytes must be positive: " + maxMessageBytes);
        require(connections > 0, "connections must be positive: " + connections);
        require(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connect time-out must be positive");
        require(!readTimeout.isNegative() && !readTimeout.isZero(), "read time-out must be positive");
        title = title == null || title.isBlank() ? name : title.strip();
        username = username == null ? "" : username.strip();
        password = password == null ? "" : password;
        tlsTrustedHosts = tlsTrustedHosts == null ? "" : tlsTrustedHosts.strip();
        heloName = heloName == null ? "" : heloName.strip();
    }

    static RelaySettings from(SmtpConfig config) {
        return new RelaySettings(config.name().strip(), config.title(), config.host().strip(), config.port(),
                Security.parse(config.security()), config.username(), config.password(), config.tlsTrustedHosts(),
                config.maxPerSecond(), config.maxMessageBytes(), config.connections(),
                Duration.ofSeconds(config.connectTimeoutSeconds()), Duration.ofSeconds(config.readTimeoutSeconds()),
                config.heloName(), config.service_ranking());
    }

    boolean authenticates() {
        return !username.isEmpty();
    }

    /** host:port (security), the way logs and connection checks name the relay. */
    String address() {
        return host + ":" + port + " (" + security.label() + ")";
    }

    @Override
    public String toString() {
        return "SMTP relay " + name + " " + address() + (authenticates() ? " as " + username : "");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
