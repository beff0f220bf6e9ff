package io.neuromail.itests.senders;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.neuromail.testing.ses.ReceivedEmail;
import io.neuromail.testing.ses.SesEndpoint;

/**
 * The local SES v2 endpoint, running inside the container. Loaded only after its bundle is
 * installed (see {@link SenderInstall#installTestBundle}).
 */
public final class SesEndpointFixture {

    private static SesEndpoint endpoint;

    private SesEndpointFixture() {
    }

    public static synchronized String start(double maxSendRate) throws IOException {
        if (endpoint == null) {
            endpoint = SesEndpoint.start(maxSendRate);
        }
        endpoint.maxSendRate(maxSendRate);
        endpoint.reset();
        return endpoint.uri().toString();
    }

    public static synchronized void stop() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
    }

    /** Makes GetEmailIdentity know the identity with these SES statuses (SUCCESS, PENDING, ...). */
    public static void identity(String identity, String verificationStatus, String dkimStatus) {
        endpoint.identity(identity, verificationStatus, dkimStatus);
    }

    static void throttleNext(int count) {
        endpoint.throttleNext(count);
    }

    static void rejectRecipient(String address) {
        endpoint.rejectRecipient(address);
    }

    static List<ReceivedEmail> received() {
        return endpoint.received();
    }

    /** How many messages the endpoint accepted for each recipient. */
    static Map<String, Integer> acceptedPerRecipient() {
        Map<String, Integer> arrivals = new HashMap<>();
        endpoint.received().forEach(r -> r.destinations().forEach(to -> arrivals.merge(to, 1, Integer::sum)));
        return arrivals;
    }

    static int maxRequestsInAnySecond() {
        return endpoint.maxRequestsInAnySecond();
    }

    static int sendRequests() {
        return endpoint.sendRequests();
    }
}
