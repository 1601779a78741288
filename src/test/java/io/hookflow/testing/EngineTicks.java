package io.hookflow.testing;

import static org.awaitility.Awaitility.await;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;

import jakarta.json.JsonValue;

/**
 * Waits for the delivery engine's own clock instead of sleeping: its liveness check reports when it last polled
 * for due work. Once it has polled after a moment (and once more, to be sure that poll's claim ran), whatever was
 * due by then has had its chance: a test can then show that something did not happen.
 */
public final class EngineTicks {

    private EngineTicks() {
    }

    /** Waits until the engine behind {@code api} has polled two seconds or more after {@code moment}. */
    public static void awaitAfter(Api api, Instant moment) {
        Instant after = moment.plusSeconds(2);
        await("the engine's poll after " + after).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> lastPoll(api), last -> last.isAfter(after));
    }

    private static Instant lastPoll(Api api) {
        // health is where the server serves it: the HTTP port on Payara, the management port on WildFly
        var reply = new Api(ServerProcess.healthBase(toUrl(api.base()))).get("/health/live");
        return reply.json().getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(check -> "delivery-engine".equals(check.getString("name")))
                .map(check -> Instant.parse(check.getJsonObject("data").getString("last_poll")))
                .findFirst().orElseThrow(() -> new AssertionError("no delivery-engine check in " + reply));
    }

    private static URL toUrl(URI uri) {
        try {
            return uri.toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(uri.toString(), e);
        }
    }
}
