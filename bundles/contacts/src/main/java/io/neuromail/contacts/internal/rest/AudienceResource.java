package io.neuromail.contacts.internal.rest;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.security.Caller;
import io.neuromail.contacts.api.ContactStatus;
import io.neuromail.contacts.internal.AudienceHistory;
import io.neuromail.contacts.internal.ContactsDatabase;

/**
 * How the account's audience grew: the contacts it has now by status, and per day the contacts added,
 * unsubscribed, bounced and complained, from the daily counters ({@link AudienceHistory}).
 */
@Component(service = AudienceResource.class)
@JaxrsResource
@JaxrsName("neuromail.contacts.audience")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("analytics/audience")
public class AudienceResource {

    /** Days shown when the client does not say. */
    static final int DEFAULT_DAYS = 90;

    /**
     * The audience now and over the last days.
     *
     * @param from   the first day (UTC)
     * @param to     today (UTC)
     * @param totals contacts now, by status ({@code subscribed}, {@code unsubscribed}, {@code bounced},
     *               {@code complained}) and {@code total}
     * @param days   one entry per day from {@code from} to {@code to}, zeros where nothing happened
     */
    public record AudienceView(LocalDate from, LocalDate to, Map<String, Long> totals, List<AudienceHistory.Day> days) {
    }

    private final Jdbc jdbc;
    private final Clock clock;

    @Activate
    public AudienceResource(@Reference ContactsDatabase database) {
        this(database.jdbc(), Clock.systemUTC());
    }

    AudienceResource(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @GET
    public AudienceView audience(@Context SecurityContext security, @QueryParam("days") String days) {
        String accountId = Caller.require(security).accountId();
        int n = days(days);
        LocalDate to = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate from = to.minusDays(n - 1L);
        return jdbc.inAccount(accountId, c -> {
            Map<String, Long> totals = new LinkedHashMap<>();
            long total = 0;
            for (ContactStatus status : ContactStatus.values()) {
                totals.put(status.wireName(), 0L);
            }
            for (Object[] row : Jdbc.list(c, "SELECT status, COUNT(*) FROM nm_contact WHERE account_id = ? GROUP BY status",
                    rs -> new Object[] {rs.getString(1), rs.getLong(2)}, accountId)) {
                totals.put((String) row[0], (Long) row[1]);
                total += (Long) row[1];
            }
            totals.put("total", total);
            return new AudienceView(from, to, totals, AudienceHistory.days(c, accountId, from, to));
        });
    }

    static int days(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_DAYS;
        }
        String v = value.strip();
        int n;
        try {
            n = v.length() > 4 ? -1 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > AudienceHistory.MAX_DAYS) {
            throw ApiException.invalid("days", "days is a whole number from 1 to " + AudienceHistory.MAX_DAYS);
        }
        return n;
    }
}
