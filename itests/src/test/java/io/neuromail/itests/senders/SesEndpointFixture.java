package io.neuromail.itests.senders;

import java.io.IOException;
import java.util.List;

import io.neuromail.testing.ses.ReceivedEmail;
import io.neuromail.testing.ses.SesEndpoint;

/**
 * The local SES v2 endpoint, running inside the container. Loaded only after its bundle is
 * installed (see {@link SenderInstall#installTestBundle}).
 */
final class SesEndpointFixture {

    private static SesEndpoint endpoint;

    private SesEndpointFixture() {
    }

    static synchronized String start(double maxSendRate) throws IOException {
        if (endpoint == null) {
            endpoint = SesEndpoint.start(maxSendRate);
        }
        endpoint.maxSendRate(maxSendRate);
        endpoint.reset();
        return endpoint.uri().toString();
    }

    static synchronized void stop() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
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

    static int sendRequests() {
        return endpoint.sendRequests();
    }
}
