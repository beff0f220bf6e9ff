package io.neuromail.sender.ses.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.delivery.api.EmailSender;
import io.neuromail.delivery.api.OutgoingMessage;
import io.neuromail.delivery.api.SendResult;
import io.neuromail.delivery.api.SenderLimits;
import io.neuromail.senderidentity.api.ProviderIdentityStatus;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;
import software.amazon.awssdk.services.sesv2.model.Destination;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.GetAccountRequest;
import software.amazon.awssdk.services.sesv2.model.GetAccountResponse;
import software.amazon.awssdk.services.sesv2.model.GetEmailIdentityRequest;
import software.amazon.awssdk.services.sesv2.model.GetEmailIdentityResponse;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.RawMessage;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * Sends raw messages through Amazon SES v2 ({@code SendEmail} with {@code Content.Raw}). The SDK
 * does not retry on its own: a throttled or failed call is answered {@link SendResult.RetryLater}
 * and the ledger decides when to try again, so SES never gets a message twice from a hidden retry.
 * The rate is the account's {@code MaxSendRate}, read with {@code GetAccount} at most once a minute.
 */
final class SesSender implements EmailSender, AutoCloseable {

    /** The largest message SES v2 accepts, attachments included. */
    static final long MAX_MESSAGE_BYTES = 40L * 1024 * 1024;
    /** How long a read send quota is used before it is read again. */
    static final Duration QUOTA_TTL = Duration.ofMinutes(1);
    /** The SES sandbox rate, used when the quota cannot be read and nothing better is known. */
    static final double SANDBOX_RATE = 1.0;
    /** The tag that carries the ledger row id into SES events. */
    static final String DELIVERY_TAG = io.neuromail.sender.ses.internal.webhook.SesNotifications.DELIVERY_TAG;

    private static final Logger LOG = LoggerFactory.getLogger(SesSender.class);
    private static final Pattern TAG_VALUE = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    private final SesSettings settings;
    private final SesV2Client client;
    private final Clock clock;
    private final Object quotaLock = new Object();
    private volatile double accountRate = Double.NaN;
    private volatile Instant quotaReadAt = Instant.MIN;

    SesSender(SesSettings settings) {
        this(settings, Clock.systemUTC());
    }

    SesSender(SesSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.client = withBundleClassLoader(() -> buildClient(settings));
    }

    @Override
    public SendResult send(OutgoingMessage message) {
        if (message.mime().length > MAX_MESSAGE_BYTES) {
            return SendResult.rejected("message of " + message.mime().length + " bytes is larger than the "
                    + MAX_MESSAGE_BYTES + " bytes Amazon SES takes");
        }
        SendEmailRequest.Builder request = SendEmailRequest.builder()
                .destination(Destination.builder().toAddresses(message.recipient()).build())
                .content(EmailContent.builder()
                        .raw(RawMessage.builder().data(SdkBytes.fromByteArray(message.mime())).build()).build());
        if (!settings.configurationSetName().isEmpty()) {
            request.configurationSetName(settings.configurationSetName());
        }
        if (TAG_VALUE.matcher(message.deliveryId()).matches()) {
            request.emailTags(MessageTag.builder().name(DELIVERY_TAG).value(message.deliveryId()).build());
        }
        try {
            String messageId = withBundleClassLoader(() -> client.sendEmail(request.build()).messageId());
            return SendResult.accepted(messageId);
        } catch (SdkException e) {
            return SesErrors.failure(e);
        }
    }

    /**
     * The account's MaxSendRate (capped by the configured maxPerSecond), read at most once per
     * {@link #QUOTA_TTL}. When SES cannot be asked, the last known rate stays in force.
     */
    @Override
    public SenderLimits limits() {
        return new SenderLimits(rate(), MAX_MESSAGE_BYTES);
    }

    @Override
    public String testConnection() throws Exception {
        GetAccountResponse account;
        try {
            account = withBundleClassLoader(() -> client.getAccount(GetAccountRequest.builder().build()));
        } catch (SdkException e) {
            throw new Exception("Amazon SES " + settings.region() + " did not answer GetAccount: " + e.getMessage(), e);
        }
        if (!Boolean.TRUE.equals(account.sendingEnabled())) {
            throw new Exception("Amazon SES " + settings.region() + ": sending is disabled for this account");
        }
        remember(account);
        // Account users read this answer: the SES account's quota and usage belong to the operator (and
        // count every NeuroMail account's mail), so they go to the log, not into the answer.
        LOG.info("Amazon SES {}: sending enabled, {} messages per second, {} of {} sent in the last 24 hours{}",
                settings.region(), format(account.sendQuota().maxSendRate()), format(account.sendQuota().sentLast24Hours()),
                format(account.sendQuota().max24HourSend()),
                Boolean.TRUE.equals(account.productionAccessEnabled()) ? "" : " (sandbox)");
        return "Amazon SES " + settings.region() + ": sending enabled";
    }

    /** How SES sees an identity ({@code GetEmailIdentity}); failures are answered, not thrown. */
    ProviderIdentityStatus identityStatus(String identity) {
        String provider = "Amazon SES " + settings.region();
        GetEmailIdentityResponse answer;
        try {
            answer = withBundleClassLoader(() -> client.getEmailIdentity(
                    GetEmailIdentityRequest.builder().emailIdentity(identity).build()));
        } catch (NotFoundException e) {
            return new ProviderIdentityStatus(provider, ProviderIdentityStatus.NOT_FOUND, false, null,
                    "Amazon SES does not know " + identity + ": the operator adds it as a verified identity in SES "
                            + "before mail from it can be sent through SES.");
        } catch (SdkException e) {
            LOG.warn("Amazon SES {} did not answer GetEmailIdentity: {}", settings.region(), e.getMessage());
            return ProviderIdentityStatus.error(provider, "Amazon SES could not be asked; try the check again later.");
        }
        String verification = plain(answer.verificationStatusAsString());
        String dkim = answer.dkimAttributes() == null ? null : plain(answer.dkimAttributes().statusAsString());
        boolean sending = Boolean.TRUE.equals(answer.verifiedForSendingStatus());
        String message = sending
                ? "Amazon SES accepts mail from " + identity + "."
                : "Amazon SES does not accept mail from " + identity + " yet (" + verification
                        + "): publish the records SES gives for it, or ask the operator.";
        if (sending && dkim != null && !ProviderIdentityStatus.VERIFIED.equals(dkim)) {
            message += " Its DKIM signing is " + dkim + ".";
        }
        return new ProviderIdentityStatus(provider, verification, sending, dkim, message);
    }

    /** SES's status names (SUCCESS, PENDING, FAILED, TEMPORARY_FAILURE, NOT_STARTED) in the API's words. */
    static String plain(String sesStatus) {
        if (sesStatus == null) {
            return null;
        }
        return switch (sesStatus) {
            case "SUCCESS" -> ProviderIdentityStatus.VERIFIED;
            case "PENDING", "TEMPORARY_FAILURE" -> ProviderIdentityStatus.PENDING;
            case "FAILED" -> ProviderIdentityStatus.FAILED;
            case "NOT_STARTED" -> ProviderIdentityStatus.NOT_STARTED;
            default -> ProviderIdentityStatus.PENDING;
        };
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return settings.toString();
    }

    private double rate() {
        Instant now = clock.instant();
        if (quotaReadAt.plus(QUOTA_TTL).isBefore(now)) {
            synchronized (quotaLock) {
                if (quotaReadAt.plus(QUOTA_TTL).isBefore(now)) {
                    readQuota(now);
                }
            }
        }
        double rate = Double.isNaN(accountRate) ? SANDBOX_RATE : accountRate;
        if (settings.maxPerSecond() > 0) {
            rate = Double.isNaN(accountRate) ? settings.maxPerSecond() : Math.min(rate, settings.maxPerSecond());
        }
        return rate;
    }

    private void readQuota(Instant now) {
        try {
            remember(withBundleClassLoader(() -> client.getAccount(GetAccountRequest.builder().build())));
        } catch (SdkException e) {
            // Asked again after the TTL; meanwhile the last known (or configured) rate holds.
            quotaReadAt = now;
            LOG.warn("Cannot read the Amazon SES send quota ({}); sending at {} per second: {}", settings.region(),
                    Double.isNaN(accountRate) ? "the configured or sandbox rate" : accountRate, e.getMessage());
        }
    }

    private void remember(GetAccountResponse account) {
        Double rate = account.sendQuota() == null ? null : account.sendQuota().maxSendRate();
        if (rate != null && rate > 0) {
            accountRate = rate;
        }
        quotaReadAt = clock.instant();
    }

    private static String format(Double value) {
        return value == null ? "?" : value % 1 == 0 ? String.valueOf(value.longValue()) : String.valueOf(value);
    }

    private static SesV2Client buildClient(SesSettings settings) {
        AwsCredentialsProvider credentials = settings.staticCredentials()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build();
        SesV2ClientBuilder builder = SesV2Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(60)));
        if (settings.endpointOverride() != null) {
            builder.endpointOverride(settings.endpointOverride());
        }
        return builder.build();
    }

    /**
     * Runs an SDK call with this bundle as the thread context class loader: the SDK, embedded here,
     * loads its interceptors, HTTP client and endpoint rules through it.
     */
    private static <T> T withBundleClassLoader(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SesSender.class.getClassLoader());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
