package io.tributary.gateway.proxy;

import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemType;
import io.tributary.gateway.config.Backend;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/** What a failed exchange with a backend means to the caller. */
public enum UpstreamFailure {
    /** Nothing listens, or the host cannot be reached: the service is down. */
    UNAVAILABLE(503),
    /** Connecting or waiting for bytes took longer than allowed. */
    TIMEOUT(504),
    /** The backend answered with something that is not a usable HTTP response, or dropped the connection. */
    BAD_RESPONSE(502);

    private final int status;

    UpstreamFailure(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static UpstreamFailure classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Netty's ConnectTimeoutException is a ConnectException, so timeouts are checked first.
            if (t instanceof TimeoutException
                    || t instanceof SocketTimeoutException
                    || t instanceof io.netty.channel.ConnectTimeoutException) {
                return TIMEOUT;
            }
            if (t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException) {
                return UNAVAILABLE;
            }
        }
        return BAD_RESPONSE;
    }

    public Problem problem(Backend backend) {
        String service = backend.serviceName();
        return switch (this) {
            case UNAVAILABLE -> ProblemType.BACKEND_UNAVAILABLE.problem(service + " is unavailable.");
            case TIMEOUT -> ProblemType.BACKEND_TIMEOUT.problem(service + " did not answer in time.");
            case BAD_RESPONSE ->
                ProblemType.BAD_GATEWAY.problem(service + " sent an invalid response or closed the connection.");
        };
    }
}
