package io.hookflow.flows.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** Every answer of the flows surface: {@code {status: "ok", message, data}} (errors are rendered by the platform mappers). */
@JsonbPropertyOrder({"status", "message", "data"})
public record Envelope<T>(String status, String message, T data) {

    public static <T> Envelope<T> ok(String message, T data) {
        return new Envelope<>("ok", message, data);
    }
}
