package io.hookflow.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OutboundRequestsTest {

    private static DeliveryRequest request(String url, String method, Map<String, List<String>> headers) {
        return new DeliveryRequest(URI.create(url), method, headers, null, Duration.ofSeconds(1), 0);
    }

    @Test
    void anOrdinaryRequestIsSendable() {
        assertThat(OutboundRequests.refusal(request("https://example.org/hook?a=1", "POST",
                Map.of("Content-Type", List.of("application/json"), "X-Tab", List.of("a\tb é"))))).isEmpty();
    }

    @Test
    void onlyAbsoluteHttpUrlsAndTokenMethodsAreSendable() {
        assertThat(OutboundRequests.refusal(request("ftp://example.org/x", "POST", Map.of()))).contains(OutboundRequests.NOT_ALLOWED);
        assertThat(OutboundRequests.refusal(request("/relative", "POST", Map.of()))).contains(OutboundRequests.NOT_ALLOWED);
        assertThat(OutboundRequests.refusal(request("http://example.org/", "PO ST", Map.of()))).contains(OutboundRequests.NOT_ALLOWED);
    }

    @Test
    void aValueThatWouldSplitTheRequestIsRefusedWithoutQuotingIt() {
        for (String value : List.of("a\r\nX-Injected: 1", "nul\0", "del\u007f", "wide\u0100")) {
            assertThat(OutboundRequests.refusal(request("http://example.org/", "POST", Map.of("Authorization", List.of("ok", value)))))
                    .contains("the request cannot be sent: header Authorization has a name or value HTTP does not allow");
        }
    }

    @Test
    void headerNamesMustBeTokensAndNotTheClientsOwn() {
        for (String name : List.of("X:Y", "X Y", "", "Content-Length", "HOST", "transfer-encoding", "Upgrade", "Expect", "Connection")) {
            assertThat(OutboundRequests.refusal(request("http://example.org/", "POST", Map.of(name, List.of("1")))))
                    .as(name).hasValueSatisfying(text -> assertThat(text).startsWith("the request cannot be sent: header "));
        }
        assertThat(OutboundRequests.refusal(request("http://example.org/", "POST", Map.of("x" + "\u00e9".repeat(70), List.of("1")))))
                .contains("the request cannot be sent: header (unprintable name) has a name or value HTTP does not allow");
    }
}
