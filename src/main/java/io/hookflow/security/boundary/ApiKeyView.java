package io.hookflow.security.boundary;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.hookflow.security.entity.ApiKey;

/** An API key as answers show it: the key itself only in the create answer ({@code null} elsewhere). */
public record ApiKeyView(String id, String name, String role, String prefix, String key, String teamId, UUID companyId,
                         Instant createdAt, Instant expiresAt, Instant lastUsedAt) {

    static ApiKeyView of(ApiKey k, String key) {
        return new ApiKeyView(k.id(), k.name(), k.role(), k.prefix(), key, k.teamId().orElse(null),
                k.companyId().orElse(null), k.createdAt(), k.expiresAt().orElse(null), k.lastUsedAt().orElse(null));
    }

    /** The answer of {@code GET /api-keys}. */
    public record Page(List<ApiKeyView> apiKeys) {
    }
}
