package com.example.neuromail.pickup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.neuromail.delivery.api.EmailSender;
import io.neuromail.delivery.api.OutgoingMessage;
import io.neuromail.delivery.api.SendResult;
import io.neuromail.delivery.api.SenderLimits;
import io.neuromail.delivery.api.SenderProperties;

/** Drops each message into a pickup directory (etc/com.example.neuromail.pickup.cfg). */
@Component(name = "com.example.neuromail.pickup", configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "service.ranking:Integer=-10")
@Designate(ocd = PickupSender.Config.class)
@SenderProperties(name = "pickup", title = "Pickup directory")
public class PickupSender implements EmailSender {

    @ObjectClassDefinition(name = "Pickup directory sender")
    public @interface Config {
        @AttributeDefinition(name = "Directory", description = "Where the MTA picks messages up")
        String directory();

        @AttributeDefinition(name = "Messages per second")
        double maxPerSecond() default 50;
    }

    private Path directory;
    private double maxPerSecond;

    @Activate
    void activate(Config config) throws IOException {
        directory = Files.createDirectories(Path.of(config.directory()));
        maxPerSecond = config.maxPerSecond();
    }

    @Override
    public SendResult send(OutgoingMessage message) {
        // The delivery id is stable across retries: a retried message replaces its own file.
        String name = message.deliveryId().replaceAll("[^A-Za-z0-9_-]", "_") + ".eml";
        Path part = directory.resolve("." + name + ".part");
        try {
            Files.write(part, message.mime());
            Files.move(part, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            return SendResult.accepted(name);
        } catch (IOException e) {
            return SendResult.retryLater(Duration.ofSeconds(30), "cannot write to " + directory + ": " + e.getMessage());
        }
    }

    @Override
    public SenderLimits limits() {
        return new SenderLimits(maxPerSecond, 50L * 1024 * 1024);
    }

    @Override
    public String testConnection() throws IOException {
        if (!Files.isWritable(directory)) {
            throw new IOException(directory + " is not writable by NeuroMail");
        }
        return "pickup directory " + directory + " is writable";
    }
}
