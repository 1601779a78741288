package io.hookflow.delivery.control;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps webhooks from reaching into the operator's own network (SSRF): a URL whose host is or resolves to a
 * loopback, private, link-local or metadata address is refused when a subscription is written and again
 * before every send (DNS may change in between). {@code hookflow.delivery.allow-private-targets=true} lifts
 * the guard for tests and local use.
 *
 * <p>The send-time check resolves the name just before the HTTP client does; a resolver that answers
 * differently within that moment (DNS rebinding) is not caught. A proxy that pins resolved addresses closes
 * that gap where it matters.
 */
@ApplicationScoped
public class TargetGuard {

    public static final String ALLOW_PRIVATE_KEY = "hookflow.delivery.allow-private-targets";

    @Inject
    @ConfigProperty(name = ALLOW_PRIVATE_KEY, defaultValue = "false")
    boolean allowPrivateTargets;

    /** Whether checking a URL may look its host up in DNS (the guard is on): callers keep that off their hot threads. */
    public boolean resolves() {
        return !allowPrivateTargets;
    }

    /** Why deliveries may not go to this URL, if they may not. A name that does not resolve is not refused. */
    public Optional<String> refusal(String url) {
        if (allowPrivateTargets) {
            return Optional.empty();
        }
        return refusal(url, TargetGuard::resolve);
    }

    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    static Optional<String> refusal(String url, Resolver resolver) {
        String host;
        try {
            host = URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a URL at all: URL validation says so
        }
        if (host == null) {
            return Optional.empty();
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String lower = bare.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost") || lower.endsWith(".localhost") || lower.equals("metadata.google.internal")) {
            return Optional.of(message(host));
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        var blocked = Arrays.stream(addresses).filter(PrivateAddresses::isPrivate).toList();
        if (blocked.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(message(host));
    }

    // never the resolved addresses: the answer would tell a tenant what internal names resolve to
    private static String message(String host) {
        return "url host " + host + " is or resolves to a loopback, private, link-local or metadata address; "
                + "webhooks may only target public addresses (an operator can allow private "
                + "targets with " + ALLOW_PRIVATE_KEY + "=true)";
    }

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host);
    }
}
