package io.hookflow.testing;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

/** A plain HTTP client for the API under test: what a real client sends, raw bodies back. */
public final class Api {

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            // as the bench and most API clients: no upgrade to HTTP/2 over plain HTTP, whose support in the servers'
            // HTTP layers this suite does not set out to test
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String token;
    private final Map<String, String> headers;

    public Api(URL base) {
        this(URI.create(base.toString().replaceAll("/+$", "")), null, Map.of());
    }

    private Api(URI base, String token, Map<String, String> headers) {
        this.base = base;
        this.token = token;
        this.headers = headers;
    }

    /** The same API, calling with this bearer token. */
    public Api as(String bearerToken) {
        return new Api(base, bearerToken, headers);
    }

    public Api withHeader(String name, String value) {
        var more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Api(base, token, more);
    }

    public URI base() {
        return base;
    }

    public Reply get(String path) {
        return send("GET", path, null);
    }

    public Reply post(String path, String json) {
        return send("POST", path, json);
    }

    public Reply put(String path, String json) {
        return send("PUT", path, json);
    }

    public Reply patch(String path, String json) {
        return send("PATCH", path, json);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null);
    }

    public Reply send(String method, String path, String json) {
        return send(method, path, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json),
                json == null ? null : "application/json");
    }

    /** Any body, any content type: for requests a well-behaved client would not send. */
    public Reply send(String method, String path, HttpRequest.BodyPublisher body, String contentType) {
        var request = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path : "/" + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response: status, headers and the raw body, with JSON views of it. */
    public record Reply(int status, HttpHeaders headers, String body) {

        public JsonObject json() {
            return (JsonObject) structure();
        }

        public JsonArray array() {
            return (JsonArray) structure();
        }

        /** The value at a JSON pointer such as {@code /detail/0/loc}. */
        public JsonValue at(String pointer) {
            return Json.createPointer(pointer).getValue(structure());
        }

        public String string(String pointer) {
            JsonValue value = at(pointer);
            return value.getValueType() == JsonValue.ValueType.NULL ? null
                    : value instanceof jakarta.json.JsonString s ? s.getString() : value.toString();
        }

        private JsonStructure structure() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.read();
            } catch (RuntimeException e) {
                throw new AssertionError("response " + status + " is not JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
