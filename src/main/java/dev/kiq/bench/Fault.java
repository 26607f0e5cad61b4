package dev.kiq.bench;

/** Why a benchmark request did not complete normally; counted per rate. */
public enum Fault {
    CONNECTION_REFUSED("connection refused (endpoint down)"),
    DNS_FAILURE("host name did not resolve"),
    TIMEOUT("no data within the request timeout"),
    HTTP_4XX("HTTP 4xx"),
    HTTP_5XX("HTTP 5xx"),
    STREAM_CUT("stream cut before [DONE]"),
    MALFORMED_SSE("malformed server-sent events"),
    SERVER_ERROR_EVENT("error object inside the stream"),
    OTHER_IO("other I/O error");

    private final String description;

    Fault(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
