package io.hookflow.security.entity;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.hookflow.platform.control.ObjectIds;

/**
 * A long-lived credential for a machine client: acts for its creator's tenants with its own role until it
 * expires or is revoked. Holds only the key's hash; the key itself exists once, in the create answer.
 */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    @Id
    @Column(length = 24)
    private String id;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(nullable = false, length = 16)
    private String role;

    @Column(nullable = false, length = 16, updatable = false)
    private String prefix;

    @Column(name = "key_hash", nullable = false, length = 64, updatable = false)
    private String keyHash;

    @Column(name = "team_id", length = 64, updatable = false)
    private String teamId;

    @Column(name = "company_id", updatable = false)
    private UUID companyId;

    @Column(name = "created_by", updatable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "expires_at", updatable = false)
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    protected ApiKey() {
    }

    public ApiKey(String name, String role, String prefix, String keyHash, Optional<String> teamId,
                  Optional<UUID> companyId, String createdBy, Instant createdAt, Optional<Instant> expiresAt) {
        if (teamId.isEmpty() && companyId.isEmpty()) {
            throw new IllegalArgumentException("an API key acts for a team, a company or both");
        }
        this.id = ObjectIds.next();
        this.name = Objects.requireNonNull(name);
        this.role = Objects.requireNonNull(role);
        this.prefix = Objects.requireNonNull(prefix);
        this.keyHash = Objects.requireNonNull(keyHash);
        this.teamId = teamId.orElse(null);
        this.companyId = companyId.orElse(null);
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt.orElse(null);
    }

    public void revoke(Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }

    /** Whether the key may be used at {@code now}: neither revoked nor expired. */
    public boolean isUsableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String role() {
        return role;
    }

    public String prefix() {
        return prefix;
    }

    public String keyHash() {
        return keyHash;
    }

    public Optional<String> teamId() {
        return Optional.ofNullable(teamId);
    }

    public Optional<UUID> companyId() {
        return Optional.ofNullable(companyId);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    public Optional<Instant> revokedAt() {
        return Optional.ofNullable(revokedAt);
    }

    public Optional<Instant> lastUsedAt() {
        return Optional.ofNullable(lastUsedAt);
    }
}
