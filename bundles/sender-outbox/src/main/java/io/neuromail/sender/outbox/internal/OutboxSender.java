package io.neuromail.sender.outbox.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.neuromail.delivery.api.EmailSender;
import io.neuromail.delivery.api.OutgoingMessage;
import io.neuromail.delivery.api.SendResult;
import io.neuromail.delivery.api.SenderLimits;
import io.neuromail.delivery.api.SenderProperties;

/**
 * The default sender: "sends" by keeping the message as an {@code .eml} file of the account, so a
 * new installation shows mail going out without any provider. The file name is the provider id.
 */
@Component(service = {EmailSender.class, OutboxSender.class}, configurationPid = OutboxConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = OutboxConfig.class)
@SenderProperties(name = OutboxSender.NAME, title = "Outbox (keeps messages as files)")
public class OutboxSender implements EmailSender {

    /** The sender name of the outbox. */
    public static final String NAME = "outbox";

    private final Outbox outbox;
    private final SenderLimits limits;

    @Activate
    public OutboxSender(OutboxConfig config) {
        this(new Outbox(config.directory().isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "neuromail", "outbox")
                : Path.of(config.directory())), new SenderLimits(config.maxPerSecond(), config.maxMessageBytes()));
    }

    OutboxSender(Outbox outbox, SenderLimits limits) {
        this.outbox = outbox;
        this.limits = limits;
    }

    /** The folder this sender writes to. */
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public SendResult send(OutgoingMessage message) {
        try {
            return SendResult.accepted(outbox.store(message.accountId(), message.deliveryId(), System.currentTimeMillis(),
                    message.mime()));
        } catch (IOException e) {
            // A full or unwritable disk: nothing was stored, so the ledger may try again later.
            return SendResult.retryLater(Duration.ofSeconds(30), "the outbox folder cannot be written: " + e.getMessage());
        }
    }

    @Override
    public SenderLimits limits() {
        return limits;
    }

    @Override
    public String testConnection() {
        return "messages are kept in " + outbox.root();
    }
}
