package dev.kiq.deploy;

import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.utils.ResponseProvider;

/**
 * A reply of fabric8's mock API server worked out per request: a subclass gives the status and the body. fabric8's
 * {@link ResponseProvider} also asks every provider to keep the headers the server sets on it; that is kept here,
 * once, for every test fixture that answers requests this way.
 */
public abstract class MockReply implements ResponseProvider<Object> {

    private volatile Headers headers = Headers.builder().build();

    @Override
    public Headers getHeaders() {
        return headers;
    }

    @Override
    public void setHeaders(Headers headers) {
        this.headers = headers;
    }
}
