package io.neuromail.sender.ses.internal;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.neuromail.delivery.api.SendResult;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/** Each kind of SES error, rule by rule (the same answers over HTTP: SesSenderTest). */
class SesErrorsTest {

    private static SesV2Exception error(int status, String code) {
        return (SesV2Exception) SesV2Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("what SES said").build())
                .build();
    }

    @Test
    void slowDownAndPausesAreRetried() {
        for (String code : new String[] {"TooManyRequestsException", "LimitExceededException", "SendingPausedException"}) {
            assertInstanceOf(SendResult.RetryLater.class, SesErrors.failure(error(code.startsWith("Too") ? 429 : 400, code)), code);
        }
    }

    @Test
    void refusedMessagesArePermanent() {
        for (String code : new String[] {"MessageRejected", "BadRequestException", "AccountSuspendedException",
                "MailFromDomainNotVerifiedException", "NotFoundException"}) {
            SendResult.Rejected rejected = assertInstanceOf(SendResult.Rejected.class, SesErrors.failure(error(400, code)), code);
            assertTrue(rejected.reason().contains(code) && rejected.reason().contains("what SES said"), rejected.reason());
        }
    }

    @Test
    void credentialsServerErrorsAndNetworkFailuresAreRetried() {
        assertInstanceOf(SendResult.RetryLater.class, SesErrors.failure(error(403, "UnrecognizedClientException")));
        assertInstanceOf(SendResult.RetryLater.class, SesErrors.failure(error(500, "InternalFailure")));
        assertInstanceOf(SendResult.RetryLater.class, SesErrors.failure(error(503, "ServiceUnavailable")));
        assertInstanceOf(SendResult.RetryLater.class,
                SesErrors.failure(SdkClientException.create("Unable to execute HTTP request: Connection refused")));
    }
}
