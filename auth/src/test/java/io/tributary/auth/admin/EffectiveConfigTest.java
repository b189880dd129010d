package io.tributary.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EffectiveConfigTest {

    private static final Map<String, String> CONFIG = Map.of(
            "tributary.pg.password", "hunter2",
            "quarkus.oidc.credentials.secret", "s3cr3t",
            "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:15432/catalog?user=a&password=hunter2",
            "tributary.warehouse", "/data/warehouse",
            "tributary.s3.secret-key", "abc",
            "java.home", "/usr/lib/jvm");

    @Test
    void showsOnlyRequestedPrefixesAndRedactsSecrets() {
        Map<String, String> shown = EffectiveConfig.redacted(
                CONFIG.keySet(), CONFIG::get, List.of("tributary.", "quarkus.oidc.", "quarkus.datasource."));

        assertThat(shown).doesNotContainKey("java.home");
        assertThat(shown).containsEntry("tributary.warehouse", "/data/warehouse");
        assertThat(shown).containsEntry("tributary.pg.password", EffectiveConfig.REDACTED);
        assertThat(shown).containsEntry("quarkus.oidc.credentials.secret", EffectiveConfig.REDACTED);
        assertThat(shown).containsEntry("tributary.s3.secret-key", EffectiveConfig.REDACTED);
        assertThat(shown.get("quarkus.datasource.jdbc.url"))
                .doesNotContain("hunter2")
                .contains("password=<redacted>");
        assertThat(shown.values()).noneMatch(v -> v.contains("hunter2") || v.contains("s3cr3t"));
    }

    @Test
    void unresolvableValueIsReportedNotThrown() {
        Map<String, String> shown = EffectiveConfig.redacted(
                List.of("tributary.x"),
                name -> {
                    throw new IllegalStateException("no value");
                },
                List.of("tributary."));
        assertThat(shown.get("tributary.x")).startsWith("<unresolvable");
    }
}
