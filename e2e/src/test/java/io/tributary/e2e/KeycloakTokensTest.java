package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The realm issues what the services expect: issuer, audience and roles in the groups claim. */
@Order(1)
class KeycloakTokensTest {

    @Test
    void clientCredentialsTokenCarriesProducerRole() {
        JsonPath claims = Suite.claims(Suite.producerToken());
        assertThat(claims.getString("iss")).isEqualTo(Suite.issuer());
        assertThat(claims.getList("groups", String.class))
                .contains("data-producer")
                .doesNotContain("platform-admin");
        assertThat(audiences(claims)).contains("tributary");
        assertThat(claims.getString("azp")).isEqualTo("example-producer");
    }

    @Test
    void passwordGrantTokenCarriesUserRoles() {
        JsonPath admin = Suite.claims(Suite.userToken("ada"));
        assertThat(admin.getString("preferred_username")).isEqualTo("ada");
        assertThat(admin.getList("groups", String.class)).contains("platform-admin");
        assertThat(admin.getList("realm_access.roles", String.class)).contains("platform-admin");

        JsonPath nobody = Suite.claims(Suite.userToken("nora"));
        assertThat(nobody.getList("groups", String.class)).doesNotContain("platform-admin", "data-analyst");
    }

    private static java.util.List<String> audiences(JsonPath claims) {
        Object aud = claims.get("aud");
        return aud instanceof java.util.List<?> list
                ? list.stream().map(String::valueOf).toList()
                : java.util.List.of(String.valueOf(aud));
    }
}
