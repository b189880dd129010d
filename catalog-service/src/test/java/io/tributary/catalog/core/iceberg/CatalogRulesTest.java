package io.tributary.catalog.core.iceberg;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogRulesTest {

    private final CatalogRules rules = new CatalogRules(3, 64, List.of("file:///srv/warehouse", "s3://lake/shared/"));

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "a\\b", "tab\there", "nul\u0000", "unit\u001fsep"})
    void unsafeNamesAreRefused(String name) {
        assertThatThrownBy(() -> rules.checkIdentifier(TableIdentifier.of(Namespace.of("ns"), name)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rules.checkNamespace(Namespace.of("ok", name)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesMayHaveDotsSpacesAndUnicodeUpTo255Characters() {
        assertThatCode(() -> rules.checkIdentifier(TableIdentifier.of(Namespace.of("a.b"), "tëst table..v2")))
                .doesNotThrowAnyException();
        assertThatCode(() -> rules.checkNamespace(Namespace.of("😀".repeat(255))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> rules.checkNamespace(Namespace.of("n".repeat(256))))
                .hasMessageContaining("longer than 255");
        assertThatThrownBy(() -> rules.checkNamespace(Namespace.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void locationsMustStayInsideAnAllowedPrefix() {
        assertThatCode(() -> rules.checkLocation("location", "file:/srv/warehouse/sales/orders"))
                .doesNotThrowAnyException();
        assertThatCode(() -> rules.checkLocation("location", "/srv/warehouse/sales"))
                .doesNotThrowAnyException();
        assertThatCode(() -> rules.checkLocation("location", "s3://lake/shared/t"))
                .doesNotThrowAnyException();
        for (String outside : List.of(
                "file:/srv/warehouse-evil/t",
                "file:/srv/warehouse/../etc",
                "s3://lake/other/t",
                "s3://evil/shared/t",
                "relative/path",
                "file:/srv/warehouse/./x")) {
            assertThatThrownBy(() -> rules.checkLocation("location", outside))
                    .as(outside)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void propertyMapsAreBoundedInCountAndBytes() {
        assertThatCode(() -> rules.checkProperties("p", Map.of("a", "1", "b", "2", "c", "3")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> rules.checkProperties("p", Map.of("a", "1", "b", "2", "c", "3", "d", "4")))
                .hasMessageContaining("at most 3");
        assertThatThrownBy(() -> rules.checkProperties("p", Map.of("a", "x".repeat(64))))
                .hasMessageContaining("at most 64");
        Map<String, String> withNul = new HashMap<>();
        withNul.put("a", "x\u0000");
        assertThatThrownBy(() -> rules.checkProperties("p", withNul)).hasMessageContaining("NUL");
    }
}
