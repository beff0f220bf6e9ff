package io.neuromail.itests.analytics;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;

/** The dashboard's figures over HTTP against the distribution: how the audience grew, per account. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class AnalyticsIT extends NeuroMailTestSupport {

    @Test
    public void theAudienceShowsEachDaysAddedAndLostContactsOfTheCallersAccountOnly() {
        Api alice = Api.signedUp();
        Api bob = Api.signedUp();
        alice.post("/api/v1/contacts", Map.of("email", "hand@example.com")).expect(201);
        String upload = alice.sendRaw("POST", "/api/v1/contacts/imports?fileName=a.csv",
                "email,status\nanna@example.com,\nben@example.com,\ncarl@example.com,unsubscribed\n", "text/csv; charset=utf-8")
                .expect(201).json().get("id").asText();
        alice.post("/api/v1/contacts/imports/" + upload + "/start", Map.of("mode", "add")).expect(200);
        Poll.until("the import ends", Duration.ofSeconds(60),
                () -> alice.get("/api/v1/contacts/imports/" + upload).expect(200).json(),
                j -> "finished".equals(j.get("state").asText()));
        String anna = alice.get("/api/v1/contacts?q=anna").expect(200).json().get("items").get(0).get("id").asText();
        alice.send("PATCH", "/api/v1/contacts/" + anna, Map.of("status", "unsubscribed"), Map.of()).expect(200);
        bob.post("/api/v1/contacts", Map.of("email", "bobs@example.com")).expect(201);

        JsonNode audience = alice.get("/api/v1/analytics/audience?days=7").expect(200).json();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertEquals(today.toString(), audience.get("to").asText());
        assertEquals(today.minusDays(6).toString(), audience.get("from").asText());
        assertEquals(7, audience.get("days").size());
        JsonNode last = audience.get("days").get(6);
        assertEquals(today.toString(), last.get("date").asText());
        assertEquals(4, last.get("added").asInt());
        assertEquals(1, last.get("unsubscribed").asInt());
        assertEquals(0, audience.get("days").get(0).get("added").asInt());
        assertEquals(2, audience.get("totals").get("subscribed").asInt());
        assertEquals(2, audience.get("totals").get("unsubscribed").asInt());
        assertEquals(4, audience.get("totals").get("total").asInt());

        JsonNode bobs = bob.get("/api/v1/analytics/audience").expect(200).json();
        assertEquals(90, bobs.get("days").size());
        assertEquals(1, bobs.get("totals").get("total").asInt());
        assertEquals(1, bobs.get("days").get(89).get("added").asInt());

        for (String wrong : new String[] {"0", "367", "seven", "99999999999"}) {
            assertEquals("days", alice.get("/api/v1/analytics/audience?days=" + wrong).expect(422).json()
                    .get("errors").get(0).get("field").asText());
        }
    }

    @Test
    public void theCampaignComparisonHasOnlyCampaignsThatWentOutAndRefusesAWrongSize() {
        Api api = Api.signedUp();
        api.post("/api/v1/campaigns", Map.of("name", "Still a draft")).expect(201);
        assertEquals(0, api.get("/api/v1/analytics/campaigns").expect(200).json().get("items").size());
        for (String wrong : new String[] {"0", "51", "ten", "-1", "1e3"}) {
            assertEquals("size", api.get("/api/v1/analytics/campaigns?size=" + wrong).expect(422).json()
                    .get("errors").get(0).get("field").asText());
        }
    }
}
