package io.tributary.catalog.store;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.tributary.contracts.events.EventHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.regex.Pattern;

/**
 * The W3C {@code traceparent} of the HTTP request being served, if any, so catalog events carry the trace of the
 * request that caused them. Malformed values are dropped rather than passed on.
 */
@ApplicationScoped
public class RequestTraceparent {

    private static final Pattern TRACEPARENT =
            Pattern.compile("[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

    /** The current request's valid {@code traceparent}, or null outside a request or without one. */
    public String current() {
        ManagedContext requestContext = Arc.container().requestContext();
        if (!requestContext.isActive()) {
            return null;
        }
        CurrentVertxRequest request =
                Arc.container().instance(CurrentVertxRequest.class).get();
        RoutingContext context = request == null ? null : request.getCurrent();
        if (context == null) {
            return null;
        }
        return valid(context.request().getHeader(EventHeaders.TRACEPARENT));
    }

    static String valid(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.length() == 55 && TRACEPARENT.matcher(trimmed).matches() ? trimmed : null;
    }
}
