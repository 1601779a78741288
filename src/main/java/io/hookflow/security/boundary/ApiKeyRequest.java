package io.hookflow.security.boundary;

import java.time.Instant;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api-keys}; {@code role} is checked against the creator's role by the control. */
public record ApiKeyRequest(@NotNull @Size(min = 1, max = 100) String name,
                            @NotNull @Size(min = 1, max = 16) String role,
                            Instant expiresAt) {
}
