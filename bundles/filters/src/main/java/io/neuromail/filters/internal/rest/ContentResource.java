package io.neuromail.filters.internal.rest;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.activity.ActivityLog;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.RequestBodies;
import io.neuromail.api.rest.LargeBody;
import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.security.Caller;
import io.neuromail.api.security.RequiresScope;
import io.neuromail.api.security.Scope;
import io.neuromail.filter.api.ContentCheck.FilterInfo;
import io.neuromail.filter.api.Email;
import io.neuromail.filters.internal.mime.EmlReader;
import io.neuromail.filters.internal.mime.MalformedMessageException;
import io.neuromail.filters.internal.pipeline.ContentCheckService;
import io.neuromail.filters.internal.pipeline.FilterSettings;
import io.neuromail.filters.internal.rest.Views.CheckRequest;
import io.neuromail.filters.internal.rest.Views.DefaultsView;
import io.neuromail.filters.internal.rest.Views.FilterView;
import io.neuromail.filters.internal.rest.Views.SettingsRequest;
import io.neuromail.filters.internal.rest.Views.SettingsView;
import io.neuromail.filters.internal.rest.Views.VerdictView;
import io.neuromail.filters.internal.settings.AccountFilterSettings;
import io.neuromail.filters.internal.settings.FilterSettingsStore;

/** Content checks and the account's filter settings: {@code /api/v1/content/...}. */
@Component(service = ContentResource.class)
@JaxrsResource
@JaxrsName("neuromail.filters.content")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Path("content")
public class ContentResource {

    /** The media type of a raw RFC 5322 message, as {@code POST /content/check} takes it. */
    static final String MESSAGE_RFC822 = "message/rfc822";
    static final int MAX_MESSAGE_BYTES = 5 * 1024 * 1024;
    static final int MAX_PART_CHARS = 1_000_000;
    static final int MAX_SUBJECT_CHARS = 998;
    static final int MAX_ADDRESS_CHARS = 320;
    static final int MAX_HEADERS = 50;
    static final double MAX_THRESHOLD = 1000;
    private static final Pattern FILTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!-9;-~]{1,76}");

    @Reference
    private ContentCheckService checks;

    @Reference
    private FilterSettingsStore store;

    @Reference
    private ActivityLog activity;

    @Context
    private HttpServletRequest request;

    @POST
    @RequiresScope(Scope.READ)
    @Path("check")
    public VerdictView check(@Context SecurityContext security, CheckRequest body) {
        Caller caller = Caller.require(security);
        return VerdictView.of(checks.check(caller.accountId(), email(body)));
    }

    /** The same check for a raw message (an {@code .eml} file), decoded first: see {@link EmlReader}. */
    @POST
    @RequiresScope(Scope.READ)
    @Path("check")
    @LargeBody
    @Consumes(MESSAGE_RFC822)
    public VerdictView checkRaw(@Context SecurityContext security, InputStream body) {
        Caller caller = Caller.require(security);
        return VerdictView.of(checks.check(caller.accountId(), rawEmail(read(body))));
    }

    static byte[] read(InputStream body) {
        if (body == null) {
            throw ApiException.badRequest("A raw message (message/rfc822) request body is required");
        }
        byte[] raw;
        try {
            raw = body.readNBytes(MAX_MESSAGE_BYTES + 1);
        } catch (IOException e) {
            throw ApiException.badRequest("The request body could not be read: " + e.getMessage());
        }
        if (raw.length > MAX_MESSAGE_BYTES) {
            throw new ApiException(413, "Payload Too Large", "The raw message may have at most " + MAX_MESSAGE_BYTES
                    + " bytes (5 MB)");
        }
        if (raw.length == 0) {
            throw invalidMessage("The raw message is empty");
        }
        return raw;
    }

    private static ApiException invalidMessage(String reason) {
        return ApiException.invalid("message", reason);
    }

    /**
     * A raw message as read, its email validated like a JSON body; a message that cannot be read at
     * all is a 422 on {@code message}, one with oddities is checked with findings saying what was odd.
     */
    static EmlReader.Result rawEmail(byte[] raw) {
        EmlReader.Result parsed;
        try {
            parsed = EmlReader.read(raw);
        } catch (MalformedMessageException e) {
            throw invalidMessage(e.getMessage());
        }
        Email email = parsed.email();
        return new EmlReader.Result(email(new CheckRequest(email.subject(), email.from(), email.replyTo(), email.html(), email.text(),
                email.headers())), parsed.findings());
    }

    @GET
    @Path("filters")
    public List<FilterView> filters(@Context SecurityContext security) {
        FilterSettings effective = checks.effective(Caller.require(security).accountId());
        return checks.filters().stream().map(f -> FilterView.of(f, effective.enabled(f.name()))).toList();
    }

    @GET
    @Path("settings")
    public SettingsView settings(@Context SecurityContext security) {
        Caller caller = Caller.require(security);
        return view(store.get(caller.accountId()));
    }

    @PUT
    @RequiresScope(Scope.ADMIN)
    @Path("settings")
    public SettingsView update(@Context SecurityContext security, SettingsRequest body) {
        Caller caller = Caller.require(security);
        AccountFilterSettings wanted = validate(body);
        AccountFilterSettings saved = store.put(caller.accountId(), wanted);
        activity.record(ActivityEvent.by(caller, "content.settings.updated")
                .client(request == null ? null : request.getRemoteAddr(), request == null ? null : request.getHeader("User-Agent"))
                .detail("warnThreshold", saved.warnThreshold()).detail("blockThreshold", saved.blockThreshold())
                .detail("filters", saved.filters().isEmpty() ? null : saved.filters().toString()).build());
        return view(saved);
    }

    private SettingsView view(AccountFilterSettings account) {
        FilterSettings defaults = checks.defaults();
        FilterSettings effective = FilterSettingsStore.apply(account, defaults);
        List<FilterView> available = checks.filters().stream().map(f -> FilterView.of(f, effective.enabled(f.name()))).toList();
        return new SettingsView(account.warnThreshold(), account.blockThreshold(), account.filters(),
                effective.warnThreshold(), effective.blockThreshold(),
                new DefaultsView(defaults.warnThreshold(), defaults.blockThreshold(),
                        defaults.disabledFilters().stream().sorted().toList(),
                        defaults.lockedFilters().stream().sorted().toList(), defaults.maxBlockThreshold()),
                available);
    }

    static Email email(CheckRequest request) {
        CheckRequest body = RequestBodies.required(request);
        ApiException.Validation v = ApiException.validation();
        boolean hasHtml = body.html() != null && !body.html().isBlank();
        boolean hasText = body.text() != null && !body.text().isBlank();
        v.require(hasHtml || hasText, "html", "Give the HTML part, the text part, or both");
        v.require(body.html() == null || body.html().length() <= MAX_PART_CHARS, "html", "The HTML part may have at most " + MAX_PART_CHARS + " characters");
        v.require(body.text() == null || body.text().length() <= MAX_PART_CHARS, "text", "The text part may have at most " + MAX_PART_CHARS + " characters");
        v.require(body.subject() == null || body.subject().length() <= MAX_SUBJECT_CHARS, "subject", "The subject may have at most " + MAX_SUBJECT_CHARS + " characters");
        v.require(body.from() == null || body.from().length() <= MAX_ADDRESS_CHARS, "from", "The From address may have at most " + MAX_ADDRESS_CHARS + " characters");
        v.require(body.replyTo() == null || body.replyTo().length() <= MAX_ADDRESS_CHARS, "replyTo", "The Reply-To address may have at most " + MAX_ADDRESS_CHARS + " characters");
        Map<String, String> headers = body.headers() == null ? Map.of() : body.headers();
        v.require(headers.size() <= MAX_HEADERS, "headers", "At most " + MAX_HEADERS + " headers");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            v.require(h.getKey() != null && HEADER_NAME.matcher(h.getKey()).matches(), "headers", "Invalid header name: " + h.getKey());
            v.require(h.getValue() != null && h.getValue().length() <= 4000, "headers", "The value of header " + h.getKey() + " must be given, at most 4000 characters");
        }
        v.throwIfInvalid();
        return new Email(body.subject(), body.from(), body.replyTo(), hasHtml ? body.html() : null, hasText ? body.text() : null, headers);
    }

    private AccountFilterSettings validate(SettingsRequest request) {
        SettingsRequest body = RequestBodies.required(request);
        ApiException.Validation v = ApiException.validation();
        checkThreshold(v, "warnThreshold", body.warnThreshold());
        checkThreshold(v, "blockThreshold", body.blockThreshold());
        FilterSettings defaults = checks.defaults();
        double warn = body.warnThreshold() == null ? defaults.warnThreshold() : body.warnThreshold();
        double block = body.blockThreshold() == null ? defaults.blockThreshold() : body.blockThreshold();
        if (!v.hasErrors() && block > defaults.maxBlockThreshold()) {
            v.reject("blockThreshold", "The blocking threshold can be at most " + defaults.maxBlockThreshold()
                    + ", the highest the operator allows");
        } else if (!v.hasErrors() && block <= warn) {
            v.reject("blockThreshold", "The blocking threshold must be above the warning threshold (" + warn + ")");
        }
        Map<String, Boolean> filters = new LinkedHashMap<>();
        if (body.filters() != null) {
            List<String> known = checks.filters().stream().map(FilterInfo::name).toList();
            for (Map.Entry<String, Boolean> e : body.filters().entrySet()) {
                String name = e.getKey();
                if (name == null || !FILTER_NAME.matcher(name).matches()) {
                    v.reject("filters", "Invalid filter name: " + name);
                } else if (!known.contains(name)) {
                    v.reject("filters." + name, "No filter named " + name + " is installed");
                } else if (e.getValue() == null) {
                    v.reject("filters." + name, "Say true to run the filter or false to switch it off");
                } else if (!e.getValue() && defaults.locked(name)) {
                    v.reject("filters." + name, "The operator keeps the " + name + " filter on for every account; "
                            + "it cannot be switched off");
                } else {
                    filters.put(name, e.getValue());
                }
            }
        }
        v.throwIfInvalid();
        return new AccountFilterSettings(body.warnThreshold(), body.blockThreshold(), filters);
    }

    private static void checkThreshold(ApiException.Validation v, String field, Double value) {
        if (value != null && (value.isNaN() || value < 0 || value > MAX_THRESHOLD)) {
            v.reject(field, "Must be a number from 0 to " + (int) MAX_THRESHOLD + ", or null for the default");
        }
    }
}
