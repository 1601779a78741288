package io.hookflow.delivery.control;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;

/**
 * A {@link DeliveryRequest} as HTTP, and the requests HTTP does not allow. Headers reach here from tenants (a
 * subscription's bearer token, a flow step's headers), so what the wire would not carry intact is refused before
 * anything is sent: a name that is not an HTTP token, a value with a line break or other control character, and
 * the headers that describe the connection or the message's framing, which are the client's to write (sent by a
 * tenant they would let one request smuggle another). Refusals name the header, never its value: the value may be
 * a credential, and the text is stored where viewers read it.
 */
final class OutboundRequests {

    /** Framing and connection headers; the same names the JDK's client refuses, and Transfer-Encoding. */
    static final Set<String> CLIENT_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding");
    static final String NOT_ALLOWED = "the request cannot be sent: its method, URL or a header is not allowed by HTTP";

    private OutboundRequests() {
    }

    /** Why the request cannot be sent, if it cannot. */
    static Optional<String> refusal(DeliveryRequest request) {
        var url = request.url();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null || !isToken(request.method())) {
            return Optional.of(NOT_ALLOWED);
        }
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            String name = header.getKey();
            if (!isToken(name) || CLIENT_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                    || !header.getValue().stream().allMatch(OutboundRequests::isValue)) {
                return Optional.of("the request cannot be sent: header " + safeName(name) + " has a name or value HTTP does not allow");
            }
        }
        return Optional.empty();
    }

    /** The request as the client sends it; only for a request {@link #refusal} found nothing wrong with. */
    static AsyncRequestProducer producer(DeliveryRequest request) {
        var http = new BasicHttpRequest(request.method(), request.url());
        request.headers().forEach((name, values) -> values.forEach(value -> http.addHeader(name, value)));
        byte[] body = request.bodyUnsafe();
        // no content type of its own: the request's headers carry the one the caller chose
        return new BasicRequestProducer(http, body == null ? null : new BasicAsyncEntityProducer(body, null));
    }

    /** RFC 9110's token: a method or a header name. */
    static boolean isToken(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    /** A field value: visible Latin-1 characters, spaces and tabs; no line break, no other control character. */
    static boolean isValue(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    private static String safeName(String name) {
        return name.length() <= 64 && name.chars().allMatch(c -> c > 32 && c < 127) ? name : "(unprintable name)";
    }
}
