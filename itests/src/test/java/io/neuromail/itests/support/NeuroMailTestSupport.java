package io.neuromail.itests.support;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.BundleContext;

/**
 * Boots the built NeuroMail distribution archive once per test run (Pax Exam, per suite), on the
 * embedded database or on PostgreSQL as {@code neuromail.itest.database} says, with HTTPS switched on
 * with a throw-away keystore. Tests then drive it over HTTP like any client would, through {@link Api}.
 */
public abstract class NeuroMailTestSupport {

    /** Requests per minute allowed per API key in the container under test (see RateLimitIT). */
    public static final int API_REQUESTS_PER_MINUTE = 60;
    /** Failed logins allowed per account from one client address in the container under test (see RateLimitIT). */
    public static final int LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = 4;
    /** Failed logins of an account, from any address, before its progressive delay (see RateLimitIT). */
    public static final int LOGIN_FAILURES_PER_ACCOUNT = 6;
    /** The longest login delay of an account in the container under test, in seconds. */
    public static final int LOGIN_DELAY_MAX_SECONDS = 4;
    /** Failed logins allowed per client address in the container under test (see RateLimitIT). */
    public static final int LOGIN_FAILURES_PER_ADDRESS = 8;

    /** Sender domains every account of the container under test may send from without verifying them. */
    public static final String PRE_VERIFIED_DOMAINS = "example.com,example.org";

    /** System properties naming bundle files tests install themselves (set in itests/pom.xml). */
    public static final String TEST_BUNDLE_PREFIX = "neuromail.itest.bundle.";

    @Inject
    protected BundleContext bundleContext;

    @Configuration
    public Option[] config() throws Exception {
        String database = Settings.database();
        TestKeystore keystore = TestKeystore.create(Path.of("target", "itest-keystore.p12"));
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        // The archive this build made (also under `mvn verify`, where it is not installed).
                        .frameworkUrl(new File(Settings.required("neuromail.distribution.archive")).toURI().toString())
                        .unpackDirectory(new File("target/exam/" + database))
                        .useDeployFolder(false)
                        .name("NeuroMail"),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.INFO),
                vmOption("-Djdk.util.zip.disableZip64ExtraFieldValidation=true"),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", "0"),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port",
                        String.valueOf(Settings.httpPort())),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.secure.enabled", "true"),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port.secure",
                        String.valueOf(Settings.httpsPort())),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.ssl.keystore",
                        keystore.path().toAbsolutePath().toString()),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.ssl.keystore.type", "PKCS12"),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.ssl.keystore.password",
                        keystore.password()),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.ssl.key.password",
                        keystore.password()),
                editConfigurationFilePut("etc/io.neuromail.identity.cfg", "rateLimit.apiRequestsPerMinute",
                        String.valueOf(API_REQUESTS_PER_MINUTE)),
                editConfigurationFilePut("etc/io.neuromail.identity.cfg", "rateLimit.signupsPerAddressPerHour", "1000"),
                editConfigurationFilePut("etc/io.neuromail.identity.cfg", "rateLimit.loginFailuresPerAccountAndAddress",
                        String.valueOf(LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS)),
                editConfigurationFilePut("etc/io.neuromail.identity.cfg", "rateLimit.loginFailuresPerAccount",
                        String.valueOf(LOGIN_FAILURES_PER_ACCOUNT)),
                editConfigurationFilePut("etc/io.neuromail.identity.cfg", "rateLimit.loginDelayMaxSeconds",
                        String.valueOf(LOGIN_DELAY_MAX_SECONDS)),
                editConfigurationFilePut("etc/io.neuromail.identity.cfg", "rateLimit.loginFailuresPerAddress",
                        String.valueOf(LOGIN_FAILURES_PER_ADDRESS)),
                // LimitsIT shows an import larger than the API's body limit is still taken.
                editConfigurationFilePut("etc/io.neuromail.rest.cfg", "maxBodyKilobytes", "256"),
                // The general suite signs up and sends at once; AccountsIT switches the other modes on at run time.
                editConfigurationFilePut("etc/io.neuromail.identity.cfg", "signup.mode", "open"),
                // ContactsIT checks the upload limit with a small file.
                editConfigurationFilePut("etc/io.neuromail.contacts.cfg", "maxUploadMegabytes", "1"),
                // Tests send from these domains as every account's pre-verified sender identities; tests of
                // the send gate use other domains (SafeSendingIT).
                editConfigurationFilePut("etc/io.neuromail.senderidentities.cfg", "preVerifiedDomains",
                        PRE_VERIFIED_DOMAINS),
                // The sender tests choose the senders they install; SafeSendingIT narrows this at run time.
                editConfigurationFilePut("etc/io.neuromail.delivery.senders.cfg", "allowed", "*"),
                // Public links (unsubscribe, verification) point at the container's HTTPS port.
                editConfigurationFilePut("etc/io.neuromail.public.cfg", "baseUrl",
                        "https://localhost:" + Settings.httpsPort()),
                // LimitsIT fills an account's quota of waiting uploads with three files.
                editConfigurationFilePut("etc/io.neuromail.contacts.cfg", "accountUploadQuotaMegabytes", "3"),
                // Tests speak for other client addresses through X-Forwarded-For (RateLimitIT).
                editConfigurationFilePut("etc/io.neuromail.identity.cfg", "clientAddress.trustedProxies", "127.0.0.1"),
                systemProperty(Settings.HTTP_PORT).value(String.valueOf(Settings.httpPort())),
                systemProperty(Settings.HTTPS_PORT).value(String.valueOf(Settings.httpsPort())),
                systemProperty(Settings.DATABASE).value(database),
                systemProperty(TestKeystore.PATH_PROPERTY).value(keystore.path().toAbsolutePath().toString()),
                systemProperty(TestKeystore.PASSWORD_PROPERTY).value(keystore.password())));
        options.addAll(java9Launch());
        // Content filter tests: the example filter bundle they install at run time, and the spamd port.
        for (String property : List.of("neuromail.example.filter.bundle", "neuromail.itest.spamd.port")) {
            options.add(systemProperty(property).value(System.getProperty(property, "")));
        }
        // On a loaded machine the boot can outlast Pax Exam's 10 s wait for its invoker, and then every
        // test of the run fails after 180 s ("gave up waiting for service ...ProbeInvokerFactory").
        // The same for the probe's wait for the Injector service: NeuroMail's bundles migrate their
        // schemas while they start, so on PostgreSQL under load the boot can take longer than 10 s.
        for (String wait : List.of("org.ops4j.pax.exam.raw.extender.intern.Parser.DEFAULT_TIMEOUT",
                "org.ops4j.pax.exam.invoker.junit.internal.JUnitProbeInvokerFactory.DEFAULT_TIMEOUT",
                "pax.exam.service.timeout")) {
            options.add(systemProperty(wait).value("180000"));
        }
        // Bundles a test installs into the container on its own (e.g. a mail server), by file path.
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(TEST_BUNDLE_PREFIX)) {
                options.add(systemProperty(name).value(System.getProperty(name)));
            }
        }
        if (Boolean.getBoolean("neuromail.itest.keep")) {
            options.add(keepRuntimeFolder());
        }
        if ("postgresql".equals(database)) {
            String url = PostgresDatabase.recreate(Settings.required("neuromail.itest.postgresql.database"));
            options.add(editConfigurationFilePut("etc/org.ops4j.datasource-neuromail.cfg", "osgi.jdbc.driver.class",
                    "org.postgresql.Driver"));
            options.add(editConfigurationFilePut("etc/org.ops4j.datasource-neuromail.cfg", "url", url));
            options.add(editConfigurationFilePut("etc/org.ops4j.datasource-neuromail.cfg", "user",
                    Settings.required("neuromail.itest.postgresql.user")));
        }
        return options.toArray(new Option[0]);
    }

    /**
     * What bin/karaf adds on Java 9+ and Pax Exam does not: the Karaf spec locator patched into
     * java.base (CXF and the JAX-RS API find their implementations through it) and the opened
     * packages. Paths are relative to the Karaf home, the container's working directory.
     */
    private static List<Option> java9Launch() {
        String karaf = "4.4.10";
        List<Option> options = new ArrayList<>();
        for (String arg : List.of("--add-reads=java.xml=java.logging",
                "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karaf + ".jar",
                "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karaf + ".jar",
                "--add-opens", "java.base/java.security=ALL-UNNAMED",
                "--add-opens", "java.base/java.net=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/java.util=ALL-UNNAMED",
                "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                "-classpath", "lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*")) {
            options.add(vmOption(arg));
        }
        return options;
    }

    /** Waits until NeuroMail says it is ready; every test starts from a ready server. */
    @Before
    public void awaitReady() {
        if (neverReady != null) {
            throw new AssertionError("NeuroMail never became ready in this run: " + neverReady.getMessage(), neverReady);
        }
        try {
            Api.anonymous().awaitHealthy(Duration.ofSeconds(120));
        } catch (AssertionError e) {
            // One wait per run: the next tests fail at once instead of waiting out the same deadline.
            neverReady = e;
            throw e;
        }
    }

    private static volatile AssertionError neverReady;
}
