package io.tributary.ingest.api;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.tributary.ingest.config.IngestConfig;
import io.tributary.ingest.core.InFlightBudget;
import io.tributary.ingest.core.body.BodyTooLargeException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.io.IOException;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Receives the body of a records request on the event loop, reserving its bytes in the in-flight budget as each piece
 * arrives, and lets the request go on to its worker only once the body is whole: one hand-off per request, none per
 * piece of body. A body longer than {@code max-body-bytes}, or one that does not fit in the budget, is refused as soon
 * as that is known (413, 429), before the rest of it arrives; a declared length either way is refused before any of
 * the body is read, and a client that asked for {@code 100-continue} is told to send only once its request fits.
 */
public class RecordsBodyReceiver {

    static final String BODY = ReceivedBody.class.getName();
    private static final Uni<Void> NOTHING = Uni.createFrom().voidItem();

    @Inject
    InFlightBudget budget;

    @Inject
    IngestConfig config;

    @ServerRequestFilter(nonBlocking = true, priority = 1)
    public Uni<Void> receive(SimpleResourceInfo resource, RoutingContext context) {
        if (resource.getResourceClass() != RecordsResource.class) {
            return NOTHING;
        }
        HttpServerRequest request = context.request();
        long max = config.limits().maxBodyBytes();
        long declared = declaredLength(request);
        if (declared > max) {
            return Uni.createFrom().failure(new BodyTooLargeException(max));
        }
        InFlightBudget.Reservation reservation = budget.open();
        context.addEndHandler(ended -> reservation.close());
        try {
            reservation.reserveBytes(declared);
        } catch (InFlightBudget.OverloadedException e) {
            return Uni.createFrom().failure(e);
        }
        ReceivedBody body = new ReceivedBody(reservation);
        context.put(BODY, body);
        return Uni.createFrom().emitter(emitter -> new Receiving(request, body, declared, max, emitter).start());
    }

    /** The request's body, as {@link #receive} received it. */
    static ReceivedBody received(RoutingContext context) {
        ReceivedBody body = context.get(BODY);
        if (body == null) {
            throw new IllegalStateException("the records body was not received before the resource");
        }
        return body;
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // the HTTP codec has refused such a request before it got here
        }
    }

    /** One body being received; every callback runs on the connection's event loop. */
    private static final class Receiving {
        private final HttpServerRequest request;
        private final ReceivedBody body;
        private final long declared;
        private final long max;
        private final UniEmitter<? super Void> emitter;
        private boolean failed;

        Receiving(
                HttpServerRequest request,
                ReceivedBody body,
                long declared,
                long max,
                UniEmitter<? super Void> emitter) {
            this.request = request;
            this.body = body;
            this.declared = declared;
            this.max = max;
            this.emitter = emitter;
        }

        void start() {
            request.handler(this::piece);
            // A connection that broke or closed mid-body: an I/O failure, answered as such (nobody may be listening).
            request.exceptionHandler(failure -> fail(
                    failure instanceof IOException
                            ? failure
                            : new IOException("the connection ended before the body did: " + failure, failure)));
            request.endHandler(ended -> {
                if (!failed) {
                    emitter.complete(null);
                }
            });
            if (request.headers().contains(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE, true)) {
                request.response().writeContinue();
            }
            request.resume();
        }

        private void piece(Buffer piece) {
            if (failed) {
                return; // the answer is given; what is left of the body is read and dropped
            }
            long before = body.length();
            long after = before + piece.length();
            if (after > max) {
                fail(new BodyTooLargeException(max));
                return;
            }
            try {
                body.reservation().reserveBytes(Math.max(declared, after) - Math.max(declared, before));
            } catch (InFlightBudget.OverloadedException e) {
                fail(e);
                return;
            }
            body.add(piece);
        }

        private void fail(Throwable failure) {
            if (!failed) {
                failed = true;
                emitter.fail(failure);
            }
        }
    }
}
