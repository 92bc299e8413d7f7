package dev.vigil.engine.http;

import dev.vigil.engine.auth.Authenticator;
import java.util.List;
import java.util.Map;

/**
 * One decoded HTTP request, free of Netty types, as the routes see it.
 *
 * @param path the raw path without the query string; routes decode its segments
 * @param query decoded query parameters
 * @param receivedNanos {@link System#nanoTime()} when the request was read, for latency figures
 * @param host the Host header (for redirects), or null
 * @param header any request header by name (case-insensitive), or null when absent
 * @param remote the caller's address, or null when unknown
 */
public record ApiRequest(
        String method,
        String path,
        Map<String, List<String>> query,
        byte[] body,
        String contentType,
        Authenticator.Principal principal,
        long receivedNanos,
        String host,
        boolean secure,
        java.util.function.Function<String, String> header,
        java.net.InetAddress remote) {

    public String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
