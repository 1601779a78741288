package io.hookflow.delivery.control;

import java.util.concurrent.ThreadFactory;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The one HTTP client every delivery goes through, set up to do nothing on its own: HTTP/1.1 with pooled
 * keep-alive connections, no redirects followed (a 3xx is an answer like any other), no retries (the engine
 * retries, with its backoff and its ledger), no cookies, no authentication, no decompression (the kept body is
 * what the receiver sent).
 */
final class OutboundClient {

    /** The engine bounds how many deliveries run at once (max-in-flight); the pool must never be that bound. */
    static final int MAX_CONNECTIONS_PER_HOST = 4096;
    /** Above the longest timeout a request may have (a flow step's 300 s): the request's own timeout ends it first. */
    static final Timeout SOCKET_TIMEOUT = Timeout.ofMinutes(6);
    /** A connection unused this long is closed; receivers often close theirs sooner. */
    static final Timeout IDLE_TIMEOUT = Timeout.ofSeconds(60);
    /** Bounds on an answer's head: a receiver cannot make us hold an unbounded header block. */
    static final int MAX_HEADER_LINE = 16 * 1024;
    static final int MAX_HEADERS = 200;

    private OutboundClient() {
    }

    /**
     * A started client whose I/O threads come from {@code threads} (the container's managed thread factory;
     * the library's own when there is no container, in unit tests).
     */
    static CloseableHttpAsyncClient start(ThreadFactory threads, Timeout connectTimeout) {
        var connections = PoolingAsyncClientConnectionManagerBuilder.create()
                // per-host pools without one lock over all of them; a total is meaningless at this bound
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .setMaxConnPerRoute(MAX_CONNECTIONS_PER_HOST)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connectTimeout)
                        .setSocketTimeout(SOCKET_TIMEOUT)
                        .setIdleTimeout(IDLE_TIMEOUT)
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                // the JVM's trust settings (javax.net.ssl.*), which operators use for their own CAs
                .setTlsStrategy(DefaultClientTlsStrategy.createSystemDefault())
                .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                .build();
        HttpAsyncClientBuilder builder = HttpAsyncClients.custom()
                .setConnectionManager(connections)
                .setHttp1Config(Http1Config.custom().setMaxLineLength(MAX_HEADER_LINE).setMaxHeaderCount(MAX_HEADERS).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .disableContentCompression()
                .setUserAgent(HttpSender.USER_AGENT);
        if (threads != null) {
            builder.setThreadFactory(threads);
        }
        CloseableHttpAsyncClient client = builder.build();
        client.start();
        return client;
    }
}
