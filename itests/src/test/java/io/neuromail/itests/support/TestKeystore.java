package io.neuromail.itests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKCS#12 keystore for localhost, made with the JDK's keytool for each run, so no key
 * material lives in the repository.
 */
public record TestKeystore(Path path, String password) {

    public static final String PATH_PROPERTY = "neuromail.itest.keystore";
    public static final String PASSWORD_PROPERTY = "neuromail.itest.keystore.password";

    /**
     * The keystore at {@code path}, made on first use. Pax Exam asks for the configuration more than
     * once per run; every ask must get the same keystore and password.
     */
    public static synchronized TestKeystore create(Path path) throws IOException, InterruptedException {
        Path passwordFile = path.resolveSibling(path.getFileName() + ".password");
        if (Files.exists(path) && Files.exists(passwordFile)
                && Files.getLastModifiedTime(path).toInstant().isAfter(java.time.Instant.now().minus(java.time.Duration.ofHours(12)))) {
            return new TestKeystore(path, Files.readString(passwordFile).strip());
        }
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.deleteIfExists(path);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "neuromail",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", path.toString(),
                "-storepass", password, "-keypass", password))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        Files.writeString(passwordFile, password);
        return new TestKeystore(path, password);
    }

    /** The keystore of this run, inside the container under test. */
    public static TestKeystore current() {
        return new TestKeystore(Path.of(Settings.required(PATH_PROPERTY)), Settings.required(PASSWORD_PROPERTY));
    }
}
