package io.neuromail.sender.ses.internal.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.LogSafe;
import io.neuromail.api.rest.NeuroMailApi;
import io.neuromail.api.security.PublicEndpoint;
import io.neuromail.delivery.api.DeliveryFeedback;
import io.neuromail.delivery.api.ProviderFeedback;

/**
 * {@code POST /webhooks/ses}: Amazon SNS notifications of SES bounces, complaints and deliveries,
 * reported to delivery through {@link DeliveryFeedback}. Only a message of a configured topic,
 * current, and signed by an SNS certificate changes anything; a replayed one is acknowledged and
 * ignored. Every refusal is logged. The body is bounded by the REST platform's request limit.
 */
@Component(service = SesWebhookResource.class, configurationPid = SesWebhookConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SesWebhookConfig.class)
@JaxrsResource
@JaxrsName("neuromail.sender.ses.webhook")
@JaxrsApplicationSelect(NeuroMailApi.APPLICATION_SELECT)
@JaxrsExtensionSelect({NeuroMailApi.REQUIRE_JSON, NeuroMailApi.REQUIRE_AUTH})
@JSONRequired
@Produces(MediaType.APPLICATION_JSON)
@Path("webhooks/ses")
public class SesWebhookResource {

    private static final Logger LOG = LoggerFactory.getLogger(SesWebhookResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The longest SNS message id kept for replay protection (SNS ids are UUIDs). */
    private static final int MAX_MESSAGE_ID = DeliveryFeedback.MAX_NOTICE_ID_CHARS;

    private final SnsVerifier verifier;
    private final SnsCertificateFetcher certificates;
    private final DeliveryFeedback feedback;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public SesWebhookResource(@Reference DeliveryFeedback feedback, SesWebhookConfig config) {
        Set<String> topics = Arrays.stream(config.topicArns()).map(String::trim).filter(t -> !t.isEmpty())
                .collect(Collectors.toSet());
        this.feedback = feedback;
        this.verifier = new SnsVerifier(topics, Duration.ofSeconds(config.maxAgeSeconds()), clock,
                config.refuseSignatureVersion1());
        this.certificates = new SnsCertificateFetcher(config.testCertificateBaseUrl());
        if (!config.testCertificateBaseUrl().isBlank()) {
            LOG.warn("The SES webhook trusts test certificates under {}: for tests only", config.testCertificateBaseUrl());
        }
    }

    @POST
    @PublicEndpoint
    @Consumes({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    public Response receive(String body) {
        SnsMessage message;
        try {
            message = SnsMessage.of(JSON.readTree(body == null ? "" : body));
        } catch (java.io.IOException | RuntimeException e) {
            throw refused(400, "not an SNS message: unreadable JSON");
        }
        Optional<String> refusal = verifier.refuseEnvelope(message);
        if (refusal.isEmpty()) {
            refusal = checkSignature(message);
        }
        if (refusal.isPresent()) {
            LOG.warn("SES webhook refused message {} of topic {}: {}", LogSafe.of(message.messageId()),
                    LogSafe.of(message.topicArn()), LogSafe.of(refusal.get()));
            throw refused(403, "SNS message refused: " + refusal.get());
        }
        String noticeId = message.messageId().length() > MAX_MESSAGE_ID ? message.messageId().substring(0, MAX_MESSAGE_ID)
                : message.messageId();
        if (noticeId.isBlank() || !feedback.firstNotice(noticeId)) {
            LOG.info("SES webhook ignored replayed message {}", LogSafe.of(message.messageId()));
            return Response.ok(Map.of("status", "already processed")).build();
        }
        return switch (message.type()) {
            case SnsMessage.SUBSCRIPTION_CONFIRMATION -> confirm(message);
            case SnsMessage.NOTIFICATION -> notification(message);
            default -> Response.ok(Map.of("status", "ignored")).build();
        };
    }

    private Optional<String> checkSignature(SnsMessage message) {
        if (!certificates.allowed(message.signingCertUrl())) {
            return Optional.of("signing certificate URL is not an HTTPS Amazon SNS URL: " + message.signingCertUrl());
        }
        try {
            return verifier.refuseSignature(message, certificates.fetch(message.signingCertUrl()).getPublicKey());
        } catch (Exception e) {
            return Optional.of("signing certificate unavailable: " + e.getMessage());
        }
    }

    private Response confirm(SnsMessage message) {
        try {
            int status = certificates.confirm(message.subscribeUrl());
            LOG.info("Confirmed the SNS subscription of topic {} ({})", LogSafe.of(message.topicArn()), status);
            return Response.ok(Map.of("status", "subscription confirmed")).build();
        } catch (Exception e) {
            LOG.warn("Confirming the SNS subscription of topic {} failed: {}", LogSafe.of(message.topicArn()),
                    LogSafe.of(e.getMessage()));
            throw refused(502, "the subscription could not be confirmed");
        }
    }

    private Response notification(SnsMessage message) {
        JsonNode notification;
        try {
            notification = JSON.readTree(message.message());
        } catch (java.io.IOException e) {
            LOG.warn("SES webhook: message {} carries no SES notification", LogSafe.of(message.messageId()));
            return Response.ok(Map.of("status", "ignored")).build();
        }
        int recorded = 0;
        for (ProviderFeedback report : SesNotifications.feedback(notification)) {
            DeliveryFeedback.Outcome outcome = feedback.report(report);
            if (outcome == DeliveryFeedback.Outcome.RECORDED) {
                recorded++;
            } else {
                LOG.info("SES webhook: {} of message {} not recorded: {}", report.kind(),
                        LogSafe.of(message.messageId()), outcome);
            }
        }
        return Response.ok(Map.of("status", "processed", "recipients", recorded)).build();
    }

    private static ApiException refused(int status, String detail) {
        return new ApiException(status, status == 400 ? "Bad Request" : status == 403 ? "Forbidden" : "Bad Gateway",
                detail);
    }
}
