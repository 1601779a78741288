package io.hookflow.flows.boundary;

import jakarta.validation.constraints.Size;

/** The optional body of {@code POST /v1/webhooks/{id}/clone}: what the copy changes from the template. */
public record CloneRequest(@Size(min = 1, max = 255) String name, @Size(min = 1, max = 255) String workspaceId) {
}
