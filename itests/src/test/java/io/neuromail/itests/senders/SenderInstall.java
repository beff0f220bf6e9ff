package io.neuromail.itests.senders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;

import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.Settings;

/**
 * What an operator does to switch a sender on, done by a test: write the configuration file into
 * {@code etc/}, install the sender's feature, and wait for the sender service. Works with class
 * names only, so the test classes load before the sender API is installed.
 */
public final class SenderInstall {

    static final String EMAIL_SENDER = "io.neuromail.delivery.api.EmailSender";
    static final String NAME = "neuromail.sender.name";
    static final String TITLE = "neuromail.sender.title";
    static final Duration WAIT = Duration.ofSeconds(60);

    private SenderInstall() {
    }

    /** Writes {@code etc/<file>} the way an operator would (all at once, so it is never read half-written). */
    public static void writeConfig(String file, Map<String, String> properties) {
        StringBuilder text = new StringBuilder("# written by a NeuroMail integration test\n");
        properties.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        Path target = etc().resolve(file);
        Path temporary = etc().resolve(file + ".part");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteConfig(String file) {
        try {
            Files.deleteIfExists(etc().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Installs a feature from the distribution's own repository, as {@code feature:install} does,
     * without refreshing other bundles (a refresh would restart the test probe under the running test).
     */
    public static void installFeature(FeaturesService features, String name) throws Exception {
        if (!features.isInstalled(features.getFeature(name))) {
            features.installFeature(name, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        }
    }

    /** Installs and starts a bundle file whose path the build passes in {@code neuromail.itest.bundle.<key>}. */
    public static Bundle installTestBundle(BundleContext context, String key) throws BundleException {
        String location = Path.of(Settings.required(NeuroMailTestSupport.TEST_BUNDLE_PREFIX + key)).toUri().toString();
        Bundle bundle = context.getBundle(location);
        if (bundle == null) {
            bundle = context.installBundle(location);
        }
        bundle.start();
        return bundle;
    }

    /** Waits for the sender service of that name and answers its reference. */
    public static ServiceReference<?> awaitSender(BundleContext context, String name) {
        return Poll.until("the EmailSender '" + name + "'", WAIT, () -> sender(context, name), r -> r != null);
    }

    /** Waits until no sender of that name is registered. */
    public static void awaitNoSender(BundleContext context, String name) {
        Poll.until("the EmailSender '" + name + "' to go away", WAIT, () -> sender(context, name) == null);
    }

    static ServiceReference<?> sender(BundleContext context, String name) {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(EMAIL_SENDER, "(" + NAME + "=" + name + ")");
            return refs == null ? null : refs[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Path etc() {
        return Path.of(Settings.required("karaf.etc"));
    }
}
