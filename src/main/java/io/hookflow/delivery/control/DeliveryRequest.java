package io.hookflow.delivery.control;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request the engine sends, whoever asked for it (a workflow-webhook delivery, a flow step). It knows
 * nothing about events: the caller has already built the body and every header, signatures included.
 *
 * @param maxResponseBytes how much of the response body to keep; the rest is read and dropped (up to a point)
 */
public record DeliveryRequest(URI url, String method, Map<String, List<String>> headers, byte[] body, Duration timeout,
                              int maxResponseBytes) {

    public static final int ATTEMPT_LOG_BODY_BYTES = 4096;

    public DeliveryRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (maxResponseBytes < 0) {
            throw new IllegalArgumentException("maxResponseBytes must not be negative");
        }
        headers = Map.copyOf(new LinkedHashMap<>(headers));
        body = body == null ? null : body.clone();
    }

    /** A JSON POST keeping the first 4 KiB of the answer, what the attempt log stores. */
    public static DeliveryRequest jsonPost(URI url, Map<String, List<String>> headers, byte[] body, Duration timeout) {
        return new DeliveryRequest(url, "POST", headers, body, timeout, ATTEMPT_LOG_BODY_BYTES);
    }

    @Override
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    byte[] bodyUnsafe() {
        return body;
    }
}
