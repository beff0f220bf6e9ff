package io.neuromail.testing.ses;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server that speaks the part of the Amazon SES v2 REST API NeuroMail uses, so the real
 * AWS SDK can be pointed at it ({@code endpointOverride}):
 * <ul>
 * <li>{@code POST /v2/email/outbound-emails} (SendEmail with raw content) answers {@code {"MessageId": ...}};
 * beyond {@link #maxSendRate} requests in any one-second window it answers like SES does when
 * throttling: {@code 429} with {@code x-amzn-ErrorType: TooManyRequestsException}; a recipient in
 * {@link #rejectRecipient} gets {@code 400 MessageRejected};</li>
 * <li>{@code GET /v2/email/account} (GetAccount) answers the send quota;</li>
 * <li>{@code GET /v2/email/identities/{identity}} (GetEmailIdentity) answers the verification and
 * DKIM status set with {@link #identity}, or {@code 404 NotFoundException} for any other identity.</li>
 * </ul>
 * Requests must carry an AWS Signature Version 4 {@code Authorization} header (its signature is not
 * checked; the access key id is recorded). It binds to loopback only and records every accepted
 * message and the arrival time of every send request, so tests can assert content and rate.
 * <p>
 * Run it on its own for a benchmark: {@code java -cp ses-endpoint.jar:jackson*.jar
 * io.neuromail.testing.ses.SesEndpoint 4566 14} (port, max send rate).
 */
public final class SesEndpoint implements AutoCloseable {

    public static final String SEND_PATH = "/v2/email/outbound-emails";
    public static final String ACCOUNT_PATH = "/v2/email/account";
    public static final String IDENTITIES_PATH = "/v2/email/identities/";

    private static final Pattern CREDENTIAL = Pattern.compile("^AWS4-HMAC-SHA256 Credential=([^/]+)/");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The JDK HTTP server's switch for TCP_NODELAY on its connections. */
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final List<ReceivedEmail> received = new CopyOnWriteArrayList<>();
    /** Arrival times of accepted sends, for the rate report. */
    private final List<Instant> acceptedTimes = new CopyOnWriteArrayList<>();
    /** Arrival times of all send requests, throttled and rejected ones included. */
    private final List<Instant> requestTimes = new CopyOnWriteArrayList<>();
    /** Arrival times of sends within the last second, for throttling; guarded by itself. */
    private final Deque<Instant> window = new ArrayDeque<>();
    private final Set<String> rejectRecipients = ConcurrentHashMap.newKeySet();
    /** Identities SES knows, by their lower-case name: verification status and DKIM status. */
    private final Map<String, String[]> identities = new ConcurrentHashMap<>();
    private final AtomicInteger sendRequests = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger throttleNext = new AtomicInteger();
    private volatile double maxSendRate;
    private volatile boolean sendingEnabled = true;

    private SesEndpoint(HttpServer server, ExecutorService executor, double maxSendRate, Clock clock) {
        this.server = server;
        this.executor = executor;
        this.maxSendRate = maxSendRate;
        this.clock = clock;
    }

    /** Starts an endpoint on a free loopback port that allows {@code maxSendRate} sends per second. */
    public static SesEndpoint start(double maxSendRate) throws IOException {
        return start(0, maxSendRate);
    }

    /** Starts an endpoint on the given loopback port (0: any free one). */
    public static SesEndpoint start(int port, double maxSendRate) throws IOException {
        // Answers leave at once (TCP_NODELAY), as a provider's do. Without it, the JDK server's answer
        // body waits for the client's delayed ACK of the headers: about 40 ms on every busy connection,
        // after the request was counted. Read when the JDK's server is first used in this JVM.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        // A thread per concurrent request (as many as the backlog): a request waiting for a thread
        // would be counted when it is handled rather than when it arrived.
        ExecutorService executor = Executors.newFixedThreadPool(64, r -> {
            Thread t = new Thread(r, "ses-endpoint");
            t.setDaemon(true);
            return t;
        });
        SesEndpoint endpoint = new SesEndpoint(server, executor, maxSendRate, Clock.systemUTC());
        server.createContext("/", endpoint::handle);
        server.setExecutor(executor);
        server.start();
        return endpoint;
    }

    /** The base URL to give the SDK as {@code endpointOverride}, e.g. {@code http://127.0.0.1:41234}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Sends allowed per second (the MaxSendRate it reports and enforces). */
    public void maxSendRate(double perSecond) {
        this.maxSendRate = perSecond;
    }

    /** Answers the next {@code count} send requests with 429 TooManyRequestsException, whatever the rate. */
    public void throttleNext(int count) {
        throttleNext.set(count);
    }

    /** Sends to this address are answered with 400 MessageRejected. */
    public void rejectRecipient(String address) {
        rejectRecipients.add(address.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Makes GetEmailIdentity know {@code identity} (a domain or an address) with this verification status
     * ({@code SUCCESS}, {@code PENDING}, {@code FAILED}, {@code TEMPORARY_FAILURE} or {@code NOT_STARTED})
     * and DKIM status (the same values); verified for sending when the verification status is SUCCESS.
     */
    public void identity(String identity, String verificationStatus, String dkimStatus) {
        identities.put(identity.toLowerCase(java.util.Locale.ROOT), new String[] {verificationStatus, dkimStatus});
    }

    /** What GetAccount says of SendingEnabled. */
    public void sendingEnabled(boolean enabled) {
        this.sendingEnabled = enabled;
    }

    /** Every accepted message, in arrival order. */
    public List<ReceivedEmail> received() {
        return List.copyOf(received);
    }

    public int sendRequests() {
        return sendRequests.get();
    }

    public int throttledRequests() {
        return throttled.get();
    }

    public int rejectedRequests() {
        return rejected.get();
    }

    /** The most sends accepted within any one-second window so far (a sliding window over arrival times). */
    public int maxAcceptedInAnySecond() {
        return maxInAnySecond(acceptedTimes);
    }

    /** The most send requests (accepted, throttled or rejected) that arrived within any one-second window. */
    public int maxRequestsInAnySecond() {
        return maxInAnySecond(requestTimes);
    }

    private static int maxInAnySecond(List<Instant> arrivals) {
        return busiestSecond(arrivals)[0];
    }

    /** Seconds from the first send request to the start of the busiest one-second window. */
    public double busiestSecondStartsAfter() {
        List<Instant> times = new ArrayList<>(requestTimes);
        if (times.isEmpty()) {
            return 0;
        }
        times.sort(null);
        return Duration.between(times.get(0), times.get(busiestSecond(times)[1])).toNanos() / 1e9;
    }

    /** The most arrivals within one second, and the index (in time order) of the first of them. */
    private static int[] busiestSecond(List<Instant> arrivals) {
        List<Instant> times = new ArrayList<>(arrivals);
        times.sort(null);
        int best = 0;
        int bestStart = 0;
        int start = 0;
        for (int end = 0; end < times.size(); end++) {
            while (!times.get(start).plus(Duration.ofSeconds(1)).isAfter(times.get(end))) {
                start++;
            }
            if (end - start + 1 > best) {
                best = end - start + 1;
                bestStart = start;
            }
        }
        return new int[] {best, bestStart};
    }

    /** Forgets everything received and counted; the settings stay. */
    public void reset() {
        received.clear();
        acceptedTimes.clear();
        requestTimes.clear();
        synchronized (window) {
            window.clear();
        }
        sendRequests.set(0);
        throttled.set(0);
        rejected.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String accessKeyId = accessKeyId(exchange);
            if (accessKeyId == null) {
                error(exchange, 403, "MissingAuthenticationTokenException", "Request is missing Authentication Token");
            } else if ("POST".equals(exchange.getRequestMethod()) && SEND_PATH.equals(path)) {
                sendEmail(exchange, accessKeyId);
            } else if ("GET".equals(exchange.getRequestMethod()) && ACCOUNT_PATH.equals(path)) {
                getAccount(exchange);
            } else if ("GET".equals(exchange.getRequestMethod()) && path.startsWith(IDENTITIES_PATH)
                    && path.length() > IDENTITIES_PATH.length()) {
                getEmailIdentity(exchange, path.substring(IDENTITIES_PATH.length()));
            } else {
                error(exchange, 404, "NotFoundException", "No such operation: " + exchange.getRequestMethod() + " " + path);
            }
        } catch (RuntimeException e) {
            error(exchange, 500, "InternalFailure", String.valueOf(e.getMessage()));
        }
    }

    private void sendEmail(HttpExchange exchange, String accessKeyId) throws IOException {
        sendRequests.incrementAndGet();
        Instant now = clock.instant();
        requestTimes.add(now);
        JsonNode request;
        try (InputStream body = exchange.getRequestBody()) {
            request = JSON.readTree(body);
        }
        if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || !admit(now)) {
            throttled.incrementAndGet();
            error(exchange, 429, "TooManyRequestsException", "Maximum sending rate exceeded.");
            return;
        }
        JsonNode data = request.path("Content").path("Raw").path("Data");
        if (!data.isTextual()) {
            error(exchange, 400, "BadRequestException", "Content.Raw.Data is required");
            return;
        }
        List<String> destinations = new ArrayList<>();
        for (String field : List.of("ToAddresses", "CcAddresses", "BccAddresses")) {
            request.path("Destination").path(field).forEach(a -> destinations.add(a.asText()));
        }
        if (destinations.isEmpty()) {
            error(exchange, 400, "BadRequestException", "Destination is required for raw messages");
            return;
        }
        for (String destination : destinations) {
            if (rejectRecipients.contains(destination.toLowerCase(java.util.Locale.ROOT))) {
                rejected.incrementAndGet();
                error(exchange, 400, "MessageRejected", "Email address is not verified. The following identities failed "
                        + "the check in region TEST: " + destination);
                return;
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        request.path("EmailTags").forEach(t -> tags.put(t.path("Name").asText(), t.path("Value").asText()));
        String messageId = "0100" + UUID.randomUUID().toString().replace("-", "") + "-000000";
        received.add(new ReceivedEmail(messageId, now, accessKeyId, List.copyOf(destinations),
                Base64.getDecoder().decode(data.asText()),
                request.hasNonNull("ConfigurationSetName") ? request.get("ConfigurationSetName").asText() : null,
                Map.copyOf(tags)));
        acceptedTimes.add(now);
        ObjectNode answer = JSON.createObjectNode().put("MessageId", messageId);
        respond(exchange, 200, answer, null);
    }

    /** True when one more send fits into the last second; records it then. */
    private boolean admit(Instant now) {
        synchronized (window) {
            while (!window.isEmpty() && !window.peekFirst().plus(Duration.ofSeconds(1)).isAfter(now)) {
                window.pollFirst();
            }
            if (window.size() + 1 > Math.floor(maxSendRate)) {
                return false;
            }
            window.addLast(now);
            return true;
        }
    }

    private void getAccount(HttpExchange exchange) throws IOException {
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("SendQuota")
                .put("Max24HourSend", 50_000.0)
                .put("MaxSendRate", maxSendRate)
                .put("SentLast24Hours", (double) received.size());
        answer.put("SendingEnabled", sendingEnabled)
                .put("ProductionAccessEnabled", true)
                .put("EnforcementStatus", "HEALTHY")
                .put("DedicatedIpAutoWarmupEnabled", false);
        respond(exchange, 200, answer, null);
    }

    private void getEmailIdentity(HttpExchange exchange, String identity) throws IOException {
        String[] status = identities.get(identity.toLowerCase(java.util.Locale.ROOT));
        if (status == null) {
            error(exchange, 404, "NotFoundException", "Email identity <" + identity + "> does not exist.");
            return;
        }
        ObjectNode answer = JSON.createObjectNode()
                .put("IdentityType", identity.contains("@") ? "EMAIL_ADDRESS" : "DOMAIN")
                .put("FeedbackForwardingStatus", true)
                .put("VerifiedForSendingStatus", "SUCCESS".equals(status[0]))
                .put("VerificationStatus", status[0]);
        answer.putObject("DkimAttributes")
                .put("SigningEnabled", "SUCCESS".equals(status[1]))
                .put("Status", status[1])
                .put("SigningAttributesOrigin", "AWS_SES")
                .putArray("Tokens").add("token1").add("token2").add("token3");
        answer.putObject("MailFromAttributes").put("MailFromDomainStatus", "PENDING")
                .put("BehaviorOnMxFailure", "USE_DEFAULT_VALUE");
        answer.putArray("Tags");
        respond(exchange, 200, answer, null);
    }

    private static String accessKeyId(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            return null;
        }
        Matcher m = CREDENTIAL.matcher(authorization);
        return m.find() ? m.group(1) : null;
    }

    /** An error the way SES answers one: the type in x-amzn-ErrorType and a JSON body with a message. */
    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        respond(exchange, status, JSON.createObjectNode().put("message", message), type);
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body, String errorType) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Arrival times of all send requests so far, in time order. */
    public List<Instant> requestTimes() {
        List<Instant> times = new ArrayList<>(requestTimes);
        times.sort(null);
        return times;
    }

    /**
     * Runs an endpoint until the process is stopped: {@code SesEndpoint [port [maxSendRate]]}. With
     * {@code -Dses.endpoint.arrivals=<file>} it writes the arrival time of every send request to that
     * file on exit (epoch microseconds, one per line), for a closer look at a run.
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 4566;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 14;
        SesEndpoint endpoint = start(port, rate);
        System.out.println("SES v2 test endpoint on " + endpoint.uri() + ", " + rate + " sends per second");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List<ReceivedEmail> received = endpoint.received();
            String span = "";
            if (received.size() > 1) {
                Instant first = received.stream().map(ReceivedEmail::at).min(Instant::compareTo).orElseThrow();
                Instant last = received.stream().map(ReceivedEmail::at).max(Instant::compareTo).orElseThrow();
                long nanos = java.time.Duration.between(first, last).toNanos();
                span = String.format(java.util.Locale.ROOT, ", first to last accepted %.3f s, %.2f per second",
                        nanos / 1e9, (received.size() - 1) / (nanos / 1e9));
            }
            System.out.println("accepted " + received.size() + ", throttled " + endpoint.throttledRequests()
                    + ", most accepted in any second " + endpoint.maxAcceptedInAnySecond()
                    + ", most requests in any second " + endpoint.maxRequestsInAnySecond()
                    + String.format(java.util.Locale.ROOT, " (from %.3f s after the first request)",
                            endpoint.busiestSecondStartsAfter()) + span);
            System.out.flush();
            String arrivals = System.getProperty("ses.endpoint.arrivals");
            if (arrivals != null) {
                StringBuilder lines = new StringBuilder();
                endpoint.requestTimes().forEach(t -> lines.append(t.getEpochSecond() * 1_000_000L + t.getNano() / 1000).append('\n'));
                try {
                    java.nio.file.Files.writeString(java.nio.file.Path.of(arrivals), lines);
                } catch (IOException e) {
                    System.out.println("cannot write " + arrivals + ": " + e);
                }
            }
            endpoint.close();
        }));
        Thread.currentThread().join();
    }
}
