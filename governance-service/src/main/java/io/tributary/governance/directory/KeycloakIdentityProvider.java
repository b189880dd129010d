package io.tributary.governance.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.governance.core.Identity;
import io.tributary.governance.core.IdentityProvider;
import io.tributary.governance.core.IdentityProviderUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Users from Keycloak's admin REST API ({@code GET {admin}/users?username=&exact=true}, then
 * {@code GET {admin}/users/{id}/role-mappings/realm/composite}), with this service's client-credentials token, whose
 * service account holds {@code realm-management}'s {@code view-users}. A disabled user is no user. An outage is logged
 * once, when it starts, and once when it ends.
 */
public final class KeycloakIdentityProvider implements IdentityProvider {

    private static final Logger LOG = Logger.getLogger(KeycloakIdentityProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String adminUrl;
    private final Duration timeout;
    private final List<String> attributeNames;
    private final Supplier<String> token;
    private final HttpClient http;
    private final AtomicBoolean down = new AtomicBoolean();

    /**
     * @param adminUrl       the realm's admin API, such as {@code http://localhost:18180/admin/realms/tributary}
     * @param attributeNames the user attributes kept, each by its first value
     */
    public KeycloakIdentityProvider(
            String adminUrl, Duration timeout, List<String> attributeNames, Supplier<String> token) {
        this.adminUrl = adminUrl.endsWith("/") ? adminUrl.substring(0, adminUrl.length() - 1) : adminUrl;
        this.timeout = timeout;
        this.attributeNames = List.copyOf(attributeNames);
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The admin API of the realm whose issuer is {@code issuer} ({@code .../realms/x} → {@code .../admin/realms/x}). */
    public static String adminUrlOf(String issuer) {
        int realms = issuer.lastIndexOf("/realms/");
        if (realms < 0) {
            throw new IllegalArgumentException(
                    issuer + " is not a Keycloak realm URL; set tributary.governance.directory.keycloak.admin-url");
        }
        String url = issuer.substring(0, realms) + "/admin" + issuer.substring(realms);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public Optional<Identity> lookup(String user) {
        try {
            Optional<Identity> found = fetch(user);
            if (down.compareAndSet(true, false)) {
                LOG.infof("Keycloak's admin API answers again at %s", adminUrl);
            }
            return found;
        } catch (IdentityProviderUnavailableException e) {
            if (down.compareAndSet(false, true)) {
                LOG.warnf(
                        "Keycloak's admin API cannot say who users are (%s); Trino users without a recent token are"
                                + " denied until it can",
                        e.getMessage());
            }
            throw e;
        }
    }

    private Optional<Identity> fetch(String user) {
        JsonNode users = get("/users?exact=true&briefRepresentation=false&max=5&username=" + query(user));
        JsonNode account = null;
        for (JsonNode candidate : users) {
            if (candidate.path("username").asText("").equalsIgnoreCase(user)) {
                account = candidate;
                break;
            }
        }
        if (account == null
                || !account.path("enabled").asBoolean(false)
                || !account.path("id").isTextual()) {
            return Optional.empty();
        }
        Set<String> roles = new HashSet<>();
        get("/users/" + query(account.get("id").asText()) + "/role-mappings/realm/composite?briefRepresentation=true")
                .forEach(role -> {
                    if (role.path("name").isTextual()) {
                        roles.add(role.get("name").asText());
                    }
                });
        Map<String, String> attributes = new HashMap<>();
        for (String name : attributeNames) {
            JsonNode values = account.path("attributes").path(name);
            JsonNode first = values.isArray() ? values.path(0) : values;
            if (first.isTextual() && !first.asText().isEmpty() && first.asText().length() <= 255) {
                attributes.put(name, first.asText());
            }
        }
        return Optional.of(new Identity(user, null, roles, attributes));
    }

    private JsonNode get(String path) {
        String bearer;
        try {
            bearer = token.get();
        } catch (RuntimeException e) {
            throw new IdentityProviderUnavailableException("no token to call Keycloak with: " + e.getMessage(), e);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(URI.create(adminUrl + path))
                            .timeout(timeout)
                            .header("Accept", "application/json")
                            .header("Authorization", "Bearer " + bearer)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IdentityProviderUnavailableException(
                    "Keycloak cannot be reached at " + adminUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityProviderUnavailableException("interrupted while asking Keycloak", e);
        }
        if (response.statusCode() != 200) {
            // 401/403 mean the governance client lacks realm-management's view-users; either way nobody can be known.
            throw new IdentityProviderUnavailableException(
                    "Keycloak answered " + response.statusCode() + " to GET " + adminUrl + path.replaceAll("\\?.*", ""),
                    null);
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            if (!body.isArray()) {
                throw new IOException("not a JSON array");
            }
            return body;
        } catch (IOException e) {
            throw new IdentityProviderUnavailableException("Keycloak sent an unusable answer: " + e.getMessage(), e);
        }
    }

    private static String query(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
