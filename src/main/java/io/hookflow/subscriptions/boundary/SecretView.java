package io.hookflow.subscriptions.boundary;

/** The signing secret, shown only by the secret endpoints (and once on create). */
public record SecretView(String secret) {
}
