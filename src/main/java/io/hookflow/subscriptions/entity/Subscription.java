package io.hookflow.subscriptions.entity;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.hookflow.platform.control.ObjectIds;
import io.hookflow.platform.control.SealedString;
import org.hibernate.annotations.BatchSize;

/** A team's URL that receives the workflow events it lists. */
@Entity
@Table(name = "subscriptions")
public class Subscription {

    public static final Duration SECRET_OVERLAP = Duration.ofHours(24);
    public static final int DEFAULT_TIMEOUT_SECONDS = 10;
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final int DEFAULT_RETRY_BACKOFF_SECONDS = 10;
    public static final int MAX_RATE_LIMIT_PER_SECOND = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Id
    @Column(length = 24)
    private String id;

    @Column(name = "team_id", nullable = false, updatable = false)
    private String teamId;

    @Column(nullable = false, length = 150)
    private String name;

    @Column(nullable = false, length = 2048)
    private String url;

    // batched, so a page of subscriptions loads its actions in one more query instead of one per subscription
    @ElementCollection(fetch = FetchType.EAGER)
    @BatchSize(size = 100)
    @CollectionTable(name = "subscription_actions", joinColumns = @JoinColumn(name = "subscription_id"))
    @OrderColumn(name = "ordinal")
    @Enumerated(EnumType.STRING)
    @Column(name = "action", length = 32, nullable = false)
    private List<WorkflowAction> actions = new ArrayList<>();

    private boolean enabled;

    // the three credentials are stored encrypted (SealedString); the columns are wider than the values for that
    @Convert(converter = SealedString.class)
    @Column(name = "bearer_token", length = 4000)
    private String bearerToken;

    @Convert(converter = SealedString.class)
    @Column(nullable = false, length = 512)
    private String secret;

    @Convert(converter = SealedString.class)
    @Column(name = "previous_secret", length = 512)
    private String previousSecret;

    @Column(name = "previous_secret_expires_at")
    private Instant previousSecretExpiresAt;

    @Column(name = "timeout_seconds")
    private int timeoutSeconds;

    @Column(name = "max_retries")
    private int maxRetries;

    @Column(name = "retry_backoff_seconds")
    private int retryBackoffSeconds;

    /** Why the circuit breaker disabled it, and since when; null unless the breaker holds it disabled. */
    @Column(name = "disabled_reason", length = 500)
    private String disabledReason;

    @Column(name = "rate_limit_per_second")
    private Integer rateLimitPerSecond;

    private boolean ordered;

    @Column(name = "created_by", updatable = false)
    private String createdBy;

    @Column(name = "updated_by")
    private String updatedBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Subscription() {
    }

    public Subscription(String teamId, Settings settings, String createdBy, Instant now) {
        this.id = ObjectIds.next();
        this.teamId = Objects.requireNonNull(teamId, "teamId");
        this.secret = newSecret();
        this.createdBy = createdBy;
        this.createdAt = now;
        apply(settings, createdBy, now);
    }

    /** Everything a user sets on a subscription; the bearer token is changed separately. */
    public record Settings(String name, String url, List<WorkflowAction> actions, boolean enabled,
                           int timeoutSeconds, int maxRetries, int retryBackoffSeconds,
                           Integer rateLimitPerSecond, boolean ordered) {
        public Settings {
            requireText(name, "name");
            if (name.length() > 150) {
                throw new InvalidSetting("name", "must be at most 150 characters");
            }
            requireHttpUrl(url);
            if (actions == null || actions.isEmpty()) {
                throw new InvalidSetting("actions", "must list at least one action");
            }
            actions = List.copyOf(actions);
            requireRange(timeoutSeconds, 1, 60, "timeout_seconds");
            requireRange(maxRetries, 0, 10, "max_retries");
            requireRange(retryBackoffSeconds, 1, 300, "retry_backoff_seconds");
            if (rateLimitPerSecond != null) {
                requireRange(rateLimitPerSecond, 1, MAX_RATE_LIMIT_PER_SECOND, "rate_limit_per_second");
            }
        }
    }

    public void apply(Settings settings, String user, Instant now) {
        this.name = settings.name();
        this.url = settings.url();
        this.actions.clear();
        this.actions.addAll(settings.actions().stream().distinct().toList());
        this.enabled = settings.enabled();
        this.timeoutSeconds = settings.timeoutSeconds();
        this.maxRetries = settings.maxRetries();
        this.retryBackoffSeconds = settings.retryBackoffSeconds();
        this.rateLimitPerSecond = settings.rateLimitPerSecond();
        this.ordered = settings.ordered();
        touch(user, now);
    }

    /** Sets the token sent as {@code Authorization: Bearer} on deliveries; {@code null} removes it. */
    public void setBearerToken(String token, String user, Instant now) {
        if (token != null && (token.isEmpty() || token.length() > 2000)) {
            throw new InvalidSetting("bearer_token", "must be 1 to 2000 characters");
        }
        this.bearerToken = token;
        touch(user, now);
    }

    /** A new secret signs from now on; the old one keeps signing beside it for {@link #SECRET_OVERLAP}. */
    public void rotateSecret(String user, Instant now) {
        this.previousSecret = this.secret;
        this.previousSecretExpiresAt = now.plus(SECRET_OVERLAP);
        this.secret = newSecret();
        touch(user, now);
    }

    /** The secrets deliveries are signed with at {@code now}: the current one first. */
    public List<String> signingSecrets(Instant now) {
        if (previousSecret != null && previousSecretExpiresAt != null && now.isBefore(previousSecretExpiresAt)) {
            return List.of(secret, previousSecret);
        }
        return List.of(secret);
    }

    /** Until when the secret before the last rotation still signs beside the current one, if it does at all. */
    public Optional<Instant> previousSecretSignsUntil() {
        return previousSecret == null ? Optional.empty() : Optional.ofNullable(previousSecretExpiresAt);
    }

    public Settings settings() {
        return new Settings(name, url, actions, enabled, timeoutSeconds, maxRetries, retryBackoffSeconds,
                rateLimitPerSecond, ordered);
    }

    /**
     * A person decided about {@code enabled} (either way): the circuit breaker no longer holds it, so events
     * published while it stays disabled are no longer recorded for it.
     */
    public void clearDisabledReason() {
        this.disabledReason = null;
    }

    private void touch(String user, Instant now) {
        this.updatedBy = user;
        this.updatedAt = now;
    }

    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    /** A setting that breaks a rule, naming the field as the API spells it. */
    public static final class InvalidSetting extends IllegalArgumentException {
        private final String field;

        InvalidSetting(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidSetting(field, "must not be blank");
        }
        return value;
    }

    private static void requireRange(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new InvalidSetting(field, "must be between " + min + " and " + max);
        }
    }

    private static void requireHttpUrl(String url) {
        if (url == null || url.isEmpty() || url.length() > 2048) {
            throw new InvalidSetting("url", "must be 1 to 2048 characters");
        }
        if (!isHttpUrl(url)) {
            throw new InvalidSetting("url", "must be an absolute http or https URL");
        }
    }

    static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    public String id() {
        return id;
    }

    public String teamId() {
        return teamId;
    }

    public String name() {
        return name;
    }

    public String url() {
        return url;
    }

    public SubscriptionSummary summary() {
        return new SubscriptionSummary(id, name, url, actions, enabled, hasBearerToken(), timeoutSeconds, maxRetries,
                retryBackoffSeconds, disabledReason(), rateLimitPerSecond(), ordered, createdAt, updatedAt);
    }

    public List<WorkflowAction> actions() {
        return List.copyOf(actions);
    }

    public boolean enabled() {
        return enabled;
    }

    public Optional<String> bearerToken() {
        return Optional.ofNullable(bearerToken);
    }

    public boolean hasBearerToken() {
        return bearerToken != null;
    }

    public String secret() {
        return secret;
    }

    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public int retryBackoffSeconds() {
        return retryBackoffSeconds;
    }

    public Optional<String> disabledReason() {
        return Optional.ofNullable(disabledReason);
    }

    public Optional<Integer> rateLimitPerSecond() {
        return Optional.ofNullable(rateLimitPerSecond);
    }

    public boolean ordered() {
        return ordered;
    }

    public String createdBy() {
        return createdBy;
    }

    public String updatedBy() {
        return updatedBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** Changes with every write of the row, the circuit breaker's included. */
    public long version() {
        return version;
    }
}
