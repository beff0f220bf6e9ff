package io.neuromail.sender.ses.internal;

import java.time.Duration;
import java.util.Set;

import io.neuromail.delivery.api.SendResult;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** What an SES error means for the ledger. */
final class SesErrors {

    /** How long a throttled send should wait at least: SES counts its rate per second. */
    static final Duration THROTTLED = Duration.ofSeconds(1);

    /** Transient: SES asks to slow down or is paused; the message goes later. */
    private static final Set<String> RETRY = Set.of("TooManyRequestsException", "LimitExceededException",
            "SendingPausedException", "Throttling", "ThrottlingException", "ServiceUnavailable", "InternalFailure");

    /** Permanent for this message: SES will not take it as it is. */
    private static final Set<String> REJECT = Set.of("MessageRejected", "BadRequestException",
            "AccountSuspendedException", "MailFromDomainNotVerifiedException", "NotFoundException");

    private SesErrors() {
    }

    static SendResult failure(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
            String reason = "Amazon SES " + service.statusCode() + " " + code + ": " + message(service);
            if (RETRY.contains(code) || service.isThrottlingException()) {
                return SendResult.retryLater(THROTTLED, reason);
            }
            if (service.statusCode() == 401 || service.statusCode() == 403) {
                // Credentials or permissions: every message fails alike until an operator fixes them.
                return SendResult.retryLater(Duration.ZERO, reason);
            }
            if (REJECT.contains(code) || (service.statusCode() >= 400 && service.statusCode() < 500)) {
                return SendResult.rejected(reason);
            }
            return SendResult.retryLater(Duration.ZERO, reason);
        }
        // No answer from SES (connection refused, time-out): nothing was accepted as far as we know.
        return SendResult.retryLater(Duration.ZERO, "Amazon SES unreachable: " + e.getMessage());
    }

    private static String message(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : e.getMessage();
    }
}
