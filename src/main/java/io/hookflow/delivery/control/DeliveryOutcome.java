package io.hookflow.delivery.control;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one HTTP attempt came to: either an answer (status, headers, the kept part of the body) or a failure
 * before one (timeout, network error, a target the guard refused). Latency covers the whole exchange.
 */
public record DeliveryOutcome(Integer statusCode, Map<String, List<String>> headers, byte[] body, boolean bodyTruncated,
                              Failure failure, String error, long latencyMs) {

    /** Why there is no answer. */
    public enum Failure {
        NONE, TIMEOUT, NETWORK, REFUSED_TARGET
    }

    public DeliveryOutcome {
        Objects.requireNonNull(failure, "failure");
        if ((statusCode == null) == (failure == Failure.NONE)) {
            throw new IllegalArgumentException("an outcome has a status code exactly when it has no failure");
        }
        var lowerCase = new TreeMap<String, List<String>>();
        if (headers != null) {
            headers.forEach((name, values) -> lowerCase.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        }
        headers = java.util.Collections.unmodifiableMap(lowerCase);
        body = body == null ? new byte[0] : body;
    }

    public static DeliveryOutcome answered(int statusCode, Map<String, List<String>> headers, byte[] body,
                                           boolean truncated, long latencyMs) {
        String error = statusCode >= 200 && statusCode < 300 ? null : "receiver answered HTTP " + statusCode;
        return new DeliveryOutcome(statusCode, headers, body, truncated, Failure.NONE, error, latencyMs);
    }

    public static DeliveryOutcome failed(Failure failure, String error, long latencyMs) {
        return new DeliveryOutcome(null, Map.of(), null, false, failure, error, latencyMs);
    }

    public boolean answered() {
        return statusCode != null;
    }

    public boolean is2xx() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT))).flatMap(v -> v.stream().findFirst());
    }

    /** The kept body as text; a multi-byte character cut at the limit is dropped, not mangled. */
    public String bodyText() {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            String text = decoder.decode(ByteBuffer.wrap(body)).toString();
            return bodyTruncated && text.endsWith("\uFFFD") ? text.substring(0, text.length() - 1) : text;
        } catch (CharacterCodingException e) {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The statuses whose {@code Retry-After} every backoff honours. */
    public static final java.util.Set<Integer> RETRY_AFTER_STATUSES = java.util.Set.of(429, 503);

    /** How long the receiver asked to be left alone: its {@code Retry-After} on a 429 or 503, if usable. */
    public Optional<java.time.Duration> askedToWait(Instant now) {
        return answered() && RETRY_AFTER_STATUSES.contains(statusCode) ? retryAfter(now) : Optional.empty();
    }

    /** The receiver's {@code Retry-After}, if it sent a usable one. */
    public Optional<java.time.Duration> retryAfter(Instant now) {
        return header("Retry-After").flatMap(value -> RetryAfter.parse(value, now));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
