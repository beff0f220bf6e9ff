package io.neuromail.sender.ses.internal.webhook;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Fetches signing certificates only over HTTPS from an Amazon SNS host
 * ({@code sns.<region>.amazonaws.com}, or {@code .com.cn}), and caches them by URL.
 * <p>
 * For tests only, a base URL on the loopback interface may be trusted as well
 * ({@code testCertificateBaseUrl}); it is refused for any other host, so a production
 * configuration cannot open the check to the network.
 */
public final class SnsCertificateFetcher implements CertificateFetcher {

    /**
     * Hosts Amazon SNS signs from: {@code sns.<region>.amazonaws.com} for a region name of AWS's
     * shape ({@code us-east-1}, {@code eu-central-1}, {@code ap-southeast-2}, {@code us-gov-west-1}),
     * and {@code sns.cn-<direction>-<n>.amazonaws.com.cn} in China. No quantifier is nested and the
     * host is at most {@value #MAX_HOST_CHARS} characters when it meets it.
     */
    public static final Pattern SNS_HOST = Pattern.compile(
            "sns\\.(?:(?:us-gov|us-iso|us-isob|us|eu|ap|sa|ca|me|af|il|mx)-(?:east|west|north|south|central"
                    + "|northeast|northwest|southeast|southwest)-[1-9][0-9]?\\.amazonaws\\.com"
                    + "|cn-(?:north|northwest)-[1-9]\\.amazonaws\\.com\\.cn)");

    private static final int MAX_HOST_CHARS = 64;

    private final String testBaseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, X509Certificate> cache = new ConcurrentHashMap<>();

    public SnsCertificateFetcher(String testBaseUrl) {
        if (testBaseUrl != null && !testBaseUrl.isBlank()) {
            String host = URI.create(testBaseUrl).getHost();
            if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
                throw new IllegalArgumentException("testCertificateBaseUrl must be on the loopback "
                        + "interface (it is for tests only): " + testBaseUrl);
            }
            this.testBaseUrl = testBaseUrl.endsWith("/") ? testBaseUrl : testBaseUrl + "/";
        } else {
            this.testBaseUrl = null;
        }
    }

    @Override
    public boolean allowed(String url) {
        if (url == null) {
            return false;
        }
        if (testBaseUrl != null && url.startsWith(testBaseUrl) && !url.contains("..")) {
            return true;
        }
        try {
            URI uri = URI.create(url);
            String host = uri.getHost();
            // The authority as written must be the host alone (or with :443): no user info, no other port, nothing the parser dropped.
            return "https".equals(uri.getScheme()) && host != null && host.length() <= MAX_HOST_CHARS
                    && (host.equals(uri.getRawAuthority()) || (host + ":443").equals(uri.getRawAuthority()))
                    && uri.getRawPath() != null && uri.getRawPath().startsWith("/")
                    && SNS_HOST.matcher(host.toLowerCase(Locale.ROOT)).matches();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public X509Certificate fetch(String url) throws Exception {
        if (!allowed(url)) {
            throw new SecurityException("not an Amazon SNS certificate URL: " + url);
        }
        X509Certificate cached = cache.get(url);
        if (cached != null) {
            return cached;
        }
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new SecurityException("the certificate URL answered " + response.statusCode());
        }
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(response.body()));
        certificate.checkValidity();
        cache.put(url, certificate);
        return certificate;
    }

    /** Calls a subscription's confirmation URL (which must be an SNS URL as well). */
    public int confirm(String subscribeUrl) throws Exception {
        if (!allowed(subscribeUrl)) {
            throw new SecurityException("not an Amazon SNS URL: " + subscribeUrl);
        }
        return http.send(HttpRequest.newBuilder(URI.create(subscribeUrl)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
