package io.tributary.governance.api;

import io.tributary.governance.config.GovernanceConfig;
import io.tributary.governance.core.Identity;
import io.tributary.governance.core.PrincipalDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of a request as its validated token describes it; every such caller is remembered in the principal
 * directory, which is how Trino users (known to Trino by name only) get their roles and attributes.
 */
@ApplicationScoped
public class Callers {

    @Inject
    PrincipalDirectory directory;

    @Inject
    GovernanceConfig config;

    public Identity identify(JsonWebToken token) {
        String user = claim(token, "preferred_username");
        if (user == null) {
            user = token.getSubject();
        }
        Map<String, String> attributes = new HashMap<>();
        for (String name : config.directory().attributeClaims()) {
            String value = claim(token, name);
            if (value != null) {
                attributes.put(name, value);
            }
        }
        Set<String> roles = token.getGroups() == null ? Set.of() : token.getGroups();
        Identity identity = new Identity(user, claim(token, "azp"), roles, attributes);
        directory.record(identity);
        return identity;
    }

    /** Whether the caller is a service that may describe its users to the directory (it validated their tokens). */
    public boolean trusted(Identity caller) {
        return caller.client() != null && config.directory().trustedClients().contains(caller.client());
    }

    private static String claim(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        if (value == null) {
            return null;
        }
        String text = value instanceof jakarta.json.JsonString s ? s.getString() : value.toString();
        return text.isEmpty() || text.length() > 255 ? null : text;
    }
}
