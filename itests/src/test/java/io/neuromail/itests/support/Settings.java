package io.neuromail.itests.support;

/** Settings of a test run, from system properties set by the build (itests/pom.xml). */
public final class Settings {

    public static final String HTTP_PORT = "neuromail.itest.http.port";
    public static final String HTTPS_PORT = "neuromail.itest.https.port";
    public static final String DATABASE = "neuromail.itest.database";

    private Settings() {
    }

    public static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set; run the tests through Maven");
        }
        return value;
    }

    public static int httpPort() {
        return Integer.parseInt(required(HTTP_PORT));
    }

    public static int httpsPort() {
        return Integer.parseInt(required(HTTPS_PORT));
    }

    /** {@code h2} (the embedded default) or {@code postgresql}. */
    public static String database() {
        String db = required(DATABASE);
        if (!db.equals("h2") && !db.equals("postgresql")) {
            throw new IllegalStateException(DATABASE + " must be h2 or postgresql, not " + db);
        }
        return db;
    }
}
