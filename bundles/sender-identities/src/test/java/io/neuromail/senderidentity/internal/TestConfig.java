package io.neuromail.senderidentity.internal;

import java.lang.annotation.Annotation;

/** The configuration of the tests: the shipped defaults, pre-verified domains as given. */
final class TestConfig implements SenderIdentitiesConfig {

    private final String[] preVerified;
    int recheckIntervalSeconds = 86_400;
    int recheckGraceSeconds = 259_200;

    TestConfig(String... preVerified) {
        this.preVerified = preVerified;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return SenderIdentitiesConfig.class;
    }

    @Override
    public String[] preVerifiedDomains() {
        return preVerified;
    }

    @Override
    public String dns_server() {
        return "";
    }

    @Override
    public int dns_timeoutSeconds() {
        return 1;
    }

    @Override
    public String spf_include() {
        return "";
    }

    @Override
    public int verification_ttlSeconds() {
        return 86_400;
    }

    @Override
    public int verification_resendSeconds() {
        return 60;
    }

    @Override
    public int verification_mailsPerHour() {
        return 20;
    }

    @Override
    public int maxIdentitiesPerAccount() {
        return 5;
    }

    @Override
    public int recheck_intervalSeconds() {
        return recheckIntervalSeconds;
    }

    @Override
    public int recheck_graceSeconds() {
        return recheckGraceSeconds;
    }
}
