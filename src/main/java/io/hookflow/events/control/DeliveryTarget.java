package io.hookflow.events.control;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.hookflow.delivery.control.Backoff;
import io.hookflow.subscriptions.entity.Subscription;

/**
 * What a delivery needs of its subscription, prepared once per version of the subscription's row: the parsed URL,
 * the Authorization header, the signing keys and the retry settings. A subscription whose settings cannot be
 * prepared is kept as well, so that each claim fails its records alone, as when the request is built.
 */
final class DeliveryTarget {

    private final String id;
    private final long version;
    private final URI url;
    private final Duration timeout;
    private final int maxRetries;
    private final Backoff backoff;
    private final Optional<Integer> rateLimitPerSecond;
    private final Optional<String> authorization;
    private final Signatures.Keys keys;
    private final Signatures.Keys keysDuringRotation;
    private final Instant rotationEnds;
    private final RuntimeException unusable;

    private DeliveryTarget(Subscription subscription) {
        this.id = subscription.id();
        this.version = subscription.version();
        this.url = URI.create(subscription.url());
        this.timeout = Duration.ofSeconds(subscription.timeoutSeconds());
        this.maxRetries = subscription.maxRetries();
        this.backoff = Backoff.ofSeconds(subscription.retryBackoffSeconds());
        this.rateLimitPerSecond = subscription.rateLimitPerSecond();
        this.authorization = subscription.bearerToken().map(token -> "Bearer " + token);
        this.keys = Signatures.Keys.of(List.of(subscription.secret()));
        this.rotationEnds = subscription.previousSecretSignsUntil().orElse(Instant.MIN);
        this.keysDuringRotation = subscription.previousSecretSignsUntil().isPresent()
                ? Signatures.Keys.of(subscription.signingSecrets(Instant.MIN)) : keys;
        this.unusable = null;
    }

    private DeliveryTarget(Subscription subscription, RuntimeException unusable) {
        this.id = subscription.id();
        this.version = subscription.version();
        this.url = null;
        this.timeout = null;
        this.maxRetries = 0;
        this.backoff = null;
        this.rateLimitPerSecond = subscription.rateLimitPerSecond();
        this.authorization = Optional.empty();
        this.keys = null;
        this.keysDuringRotation = null;
        this.rotationEnds = Instant.MIN;
        this.unusable = unusable;
    }

    static DeliveryTarget of(Subscription subscription) {
        try {
            return new DeliveryTarget(subscription);
        } catch (RuntimeException e) {
            return new DeliveryTarget(subscription, e);
        }
    }

    String id() {
        return id;
    }

    long version() {
        return version;
    }

    /** @throws RuntimeException what made the subscription's settings unusable, for each record that needs them */
    DeliveryTarget usable() {
        if (unusable != null) {
            throw unusable;
        }
        return this;
    }

    URI url() {
        return url;
    }

    Duration timeout() {
        return timeout;
    }

    int maxRetries() {
        return maxRetries;
    }

    Backoff backoff() {
        return backoff;
    }

    Optional<Integer> rateLimitPerSecond() {
        return rateLimitPerSecond;
    }

    /** The header value, with the bearer token in it. */
    Optional<String> authorization() {
        return authorization;
    }

    /** The keys that sign at {@code now}: both secrets until a rotation's overlap ends, the current one first. */
    Signatures.Keys keys(Instant now) {
        return now.isBefore(rotationEnds) ? keysDuringRotation : keys;
    }

    /** Never the token nor the keys. */
    @Override
    public String toString() {
        return "delivery target of subscription " + id + " at version " + version;
    }
}
