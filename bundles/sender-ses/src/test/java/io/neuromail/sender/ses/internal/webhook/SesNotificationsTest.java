package io.neuromail.sender.ses.internal.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.neuromail.delivery.api.ProviderFeedback;
import io.neuromail.delivery.api.ProviderFeedback.BounceType;
import io.neuromail.delivery.api.ProviderFeedback.Kind;

/** SES event notifications read as provider feedback. */
class SesNotificationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<ProviderFeedback> read(String json) throws Exception {
        return SesNotifications.feedback(JSON.readTree(json));
    }

    @Test
    void aPermanentBounceIsHardAndNamesTheMessageBySesId() throws Exception {
        List<ProviderFeedback> reports = read("{\"notificationType\":\"Bounce\",\"mail\":{\"messageId\":\"ses-1\"},"
                + "\"bounce\":{\"bounceType\":\"Permanent\",\"bounceSubType\":\"General\",\"bouncedRecipients\":"
                + "[{\"emailAddress\":\"gone@example.org\",\"diagnosticCode\":\"550 5.1.1\"}]}}");
        assertEquals(1, reports.size());
        ProviderFeedback r = reports.get(0);
        assertEquals(Kind.BOUNCED, r.kind());
        assertEquals(BounceType.HARD, r.bounceType());
        assertEquals("ses-1", r.providerMessageId());
        assertNull(r.deliveryId());
        assertEquals("gone@example.org", r.recipient());
        assertEquals("Permanent/General 550 5.1.1", r.detail());
        assertTrue(r.suppresses());
    }

    @Test
    void aTransientBounceIsSoftAndTheDeliveryTagNamesTheRow() throws Exception {
        List<ProviderFeedback> reports = read("{\"eventType\":\"Bounce\",\"mail\":{\"messageId\":\"ses-2\",\"tags\":"
                + "{\"neuromail-delivery\":[\"row-7\"]}},\"bounce\":{\"bounceType\":\"Transient\",\"bounceSubType\":"
                + "\"MailboxFull\",\"bouncedRecipients\":[{\"emailAddress\":\"full@example.org\"}]}}");
        assertEquals(BounceType.SOFT, reports.get(0).bounceType());
        assertEquals("row-7", reports.get(0).deliveryId());
        assertEquals(false, reports.get(0).suppresses());
    }

    @Test
    void complaintsAndDeliveriesAreReportedPerRecipient() throws Exception {
        List<ProviderFeedback> complaint = read("{\"notificationType\":\"Complaint\",\"mail\":{\"messageId\":\"m\"},"
                + "\"complaint\":{\"complainedRecipients\":[{\"emailAddress\":\"a@example.org\"},{\"emailAddress\":\"\"}],"
                + "\"complaintFeedbackType\":\"abuse\"}}");
        assertEquals(1, complaint.size(), "a recipient without an address is left out");
        assertEquals(Kind.COMPLAINED, complaint.get(0).kind());
        assertEquals("abuse", complaint.get(0).detail());
        List<ProviderFeedback> delivered = read("{\"eventType\":\"Delivery\",\"mail\":{\"messageId\":\"m\"},"
                + "\"delivery\":{\"recipients\":[\"a@example.org\"],\"smtpResponse\":\"250 ok\"}}");
        assertEquals(Kind.DELIVERED, delivered.get(0).kind());
        assertEquals("250 ok", delivered.get(0).detail());
    }

    @Test
    void otherEventsAndMessagesWithoutAnIdGiveNothing() throws Exception {
        assertTrue(read("{\"eventType\":\"Open\",\"mail\":{\"messageId\":\"m\"}}").isEmpty());
        assertTrue(read("{\"notificationType\":\"Bounce\",\"mail\":{},\"bounce\":{\"bounceType\":\"Permanent\","
                + "\"bouncedRecipients\":[{\"emailAddress\":\"a@example.org\"}]}}").isEmpty());
    }
}
