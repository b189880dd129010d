package io.tributary.query.engine.trino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.query.core.QueryException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jboss.logging.Logger;

/**
 * Trino's client protocol: {@code POST /v1/statement} starts a query, each answer's {@code nextUri} is fetched until
 * there is none, and {@code DELETE} on it stops the query. Every request carries query-service's own token; the user
 * a query runs as is {@code X-Trino-User}, which Trino lets through only when its access control allows the
 * impersonation.
 */
public final class TrinoClient {

    private static final Logger LOG = Logger.getLogger(TrinoClient.class);
    private static final int MAX_BUSY_RETRIES = 50;

    private final URI base;
    private final Path trustCertificate;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Supplier<String> token;
    private final ObjectMapper json;
    private volatile HttpClient http;

    /**
     * @param trustCertificate a PEM file of the certificates to trust (Trino's own, often self-signed), or null for
     *                         the JVM's trust store; read on first use, so a missing file fails statements, not startup
     * @param token            query-service's own access token (client credentials), fresh on each call
     */
    public TrinoClient(
            URI base, Path trustCertificate, Duration connectTimeout, Supplier<String> token, ObjectMapper json) {
        this.base = base;
        this.trustCertificate = trustCertificate;
        this.connectTimeout = connectTimeout;
        // A nextUri answers within about a second when no data is ready; this only bounds a hung connection.
        this.requestTimeout = connectTimeout.plusMinutes(1);
        this.token = token;
        this.json = json;
    }

    public URI base() {
        return base;
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
                    if (trustCertificate != null) {
                        try {
                            builder.sslContext(trusting(trustCertificate));
                        } catch (IllegalStateException e) {
                            throw unreachable("cannot be trusted: " + e.getMessage(), e);
                        }
                    }
                    http = builder.build();
                }
                client = http;
            }
        }
        return client;
    }

    /** Starts {@code sql} with the given {@code X-Trino-*} headers; the first answer of the protocol. */
    public JsonNode start(String sql, Map<String, String> headers) {
        HttpRequest.Builder request = request(base.resolve("/v1/statement"))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(sql));
        headers.forEach(request::header);
        return send(request.build());
    }

    /** The next answer of a running query. */
    public JsonNode next(URI nextUri) {
        return send(request(nextUri).GET().build());
    }

    /** Asks Trino to stop the query behind {@code nextUri}; best effort, since a stopped query needs nothing more. */
    public void cancel(URI nextUri) {
        try {
            http().send(request(nextUri).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException | RuntimeException e) {
            LOG.debugf("Cancelling a Trino query at %s: %s", nextUri, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + bearer())
                .header("Accept", "application/json");
    }

    private String bearer() {
        try {
            return token.get();
        } catch (QueryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new QueryException(
                    QueryException.Reason.UNAVAILABLE,
                    "query-service cannot get its own token for Trino (" + e.getMessage() + "); retry later.",
                    e);
        }
    }

    private JsonNode send(HttpRequest request) {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http().send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw unreachable("cannot be reached (" + describe(e) + ")", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QueryException(QueryException.Reason.CANCELLED, "The statement was interrupted.", e);
            }
            int status = response.statusCode();
            // The protocol asks clients to retry these: the coordinator is busy or restarting.
            if ((status == 502 || status == 503 || status == 504) && attempt < MAX_BUSY_RETRIES) {
                sleep(100L + 50L * Math.min(attempt, 10));
                continue;
            }
            if (status == 200) {
                try {
                    return json.readTree(response.body());
                } catch (IOException e) {
                    throw unreachable("answered with a body that is not the client protocol", e);
                }
            }
            if (status == 401 || status == 403) {
                throw unreachable("refused query-service's credentials (HTTP " + status + ")", null);
            }
            if (status == 404 || status == 410) {
                throw new QueryException(
                        QueryException.Reason.EXECUTION, "Trino no longer knows the query (HTTP " + status + ").");
            }
            throw unreachable("answered HTTP " + status, null);
        }
    }

    private QueryException unreachable(String what, Throwable cause) {
        return new QueryException(
                QueryException.Reason.UNAVAILABLE, "Trino at " + base + " " + what + "; retry later.", cause);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryException(QueryException.Reason.CANCELLED, "The statement was interrupted.", e);
        }
    }

    /** TLS that trusts the certificates of a PEM file (Trino's own, often self-signed). */
    public static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int index = 0;
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("trino-" + index++, certificate);
            }
            if (index == 0) {
                throw new IllegalStateException("No certificate in " + pem);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, factory.getTrustManagers(), null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Trino's certificate " + pem + " cannot be read: " + e.getMessage(), e);
        }
    }
}
