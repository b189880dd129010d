package io.tributary.gateway.proxy;

import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;

/** Which headers cross the gateway (RFC 9110 §7.6.1: hop-by-hop headers belong to one connection only). */
final class ForwardedHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "proxy-connection",
            "proxy-authenticate",
            "proxy-authorization",
            "http2-settings");

    private ForwardedHeaders() {}

    /** Copies end-to-end headers, leaving out hop-by-hop ones, those named in Connection, and {@code skipped}. */
    static void copyEndToEnd(MultiMap from, MultiMap to, Set<String> skipped) {
        Set<String> named = namedByConnection(from);
        from.forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!isHopByHop(name) && !named.contains(name) && !skipped.contains(name)) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    /**
     * Sets X-Forwarded-For/Proto/Host on {@code forwarded} as this gateway saw the request. With {@code trusted},
     * values an ingress in front already set are kept, and the peer is appended to its X-Forwarded-For.
     */
    static void addForwarding(
            MultiMap incoming, MultiMap forwarded, String peer, String scheme, String host, boolean trusted) {
        String priorFor = trusted ? incoming.get("X-Forwarded-For") : null;
        forwarded.set("X-Forwarded-For", priorFor == null ? peer : priorFor + ", " + peer);
        String priorProto = trusted ? incoming.get("X-Forwarded-Proto") : null;
        forwarded.set("X-Forwarded-Proto", priorProto != null ? priorProto : scheme);
        String priorHost = trusted ? incoming.get("X-Forwarded-Host") : null;
        String effectiveHost = priorHost != null ? priorHost : host;
        if (effectiveHost != null) {
            forwarded.set("X-Forwarded-Host", effectiveHost);
        }
    }

    static boolean isHopByHop(String lowerCaseName) {
        return HOP_BY_HOP.contains(lowerCaseName) || lowerCaseName.startsWith("proxy-");
    }

    private static Set<String> namedByConnection(MultiMap headers) {
        java.util.HashSet<String> named = new java.util.HashSet<>();
        for (String value : headers.getAll("Connection")) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    named.add(name);
                }
            }
        }
        return named;
    }
}
