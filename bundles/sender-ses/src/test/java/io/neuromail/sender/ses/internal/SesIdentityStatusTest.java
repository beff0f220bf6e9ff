package io.neuromail.sender.ses.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.neuromail.senderidentity.api.ProviderIdentityStatus;
import io.neuromail.testing.ses.SesEndpoint;

/** GetEmailIdentity through the real AWS SDK against the local SES v2 endpoint. */
class SesIdentityStatusTest {

    private SesEndpoint endpoint;
    private SesSender sender;

    @BeforeEach
    void start() throws Exception {
        endpoint = SesEndpoint.start(14);
        sender = new SesSender(new SesSettings("eu-west-1", "AKIDNEUROMAIL", "secret", "", 0, endpoint.uri()));
    }

    @AfterEach
    void stop() {
        sender.close();
        endpoint.close();
    }

    @Test
    void aVerifiedDomainWithDkim() {
        endpoint.identity("brand.example", "SUCCESS", "SUCCESS");

        ProviderIdentityStatus status = sender.identityStatus("brand.example");

        assertEquals("Amazon SES eu-west-1", status.provider());
        assertEquals(ProviderIdentityStatus.VERIFIED, status.verification());
        assertEquals(Boolean.TRUE, status.verifiedForSending());
        assertEquals(ProviderIdentityStatus.VERIFIED, status.dkim());
        assertTrue(status.message().contains("accepts mail"), status.message());
    }

    @Test
    void aPendingDomainIsNotVerifiedForSending() {
        endpoint.identity("brand.example", "PENDING", "NOT_STARTED");

        ProviderIdentityStatus status = sender.identityStatus("brand.example");

        assertEquals(ProviderIdentityStatus.PENDING, status.verification());
        assertEquals(Boolean.FALSE, status.verifiedForSending());
        assertEquals(ProviderIdentityStatus.NOT_STARTED, status.dkim());
        assertTrue(status.message().contains("does not accept mail"), status.message());
    }

    @Test
    void anUnknownIdentityIsNotFound() {
        ProviderIdentityStatus status = sender.identityStatus("unknown.example");

        assertEquals(ProviderIdentityStatus.NOT_FOUND, status.verification());
        assertFalse(status.verifiedForSending());
        assertNull(status.dkim());
    }

    @Test
    void anUnreachableEndpointIsAnErrorNotAnException() {
        endpoint.close();

        ProviderIdentityStatus status = sender.identityStatus("brand.example");

        assertEquals(ProviderIdentityStatus.ERROR, status.verification());
        assertNull(status.verifiedForSending());
    }
}
