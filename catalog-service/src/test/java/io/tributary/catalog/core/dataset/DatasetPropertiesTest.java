package io.tributary.catalog.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

class DatasetPropertiesTest {

    @Test
    void tagsMustBeShortWordsWithoutSeparators() {
        assertThat(DatasetProperties.tagProblems(List.of("pii", "gdpr:art-9", "tier.1", "x_y")))
                .isEmpty();
        assertThat(DatasetProperties.tagProblems(List.of("")))
                .singleElement()
                .asString()
                .contains("empty");
        assertThat(DatasetProperties.tagProblems(List.of("a,b"))).hasSize(1);
        assertThat(DatasetProperties.tagProblems(List.of("two words"))).hasSize(1);
        assertThat(DatasetProperties.tagProblems(List.of("-leading"))).hasSize(1);
        assertThat(DatasetProperties.tagProblems(List.of("bell\u0007")))
                .singleElement()
                .asString()
                .contains("\\u0007");
        assertThat(DatasetProperties.tagProblems(List.of("x".repeat(65))))
                .singleElement()
                .asString()
                .contains("64");
        assertThat(DatasetProperties.tagProblems(Collections.nCopies(65, "t")))
                .singleElement()
                .asString()
                .contains("65 tags");
    }

    @Test
    void producersAreSingleTokensOrTheWildcard() {
        assertThat(DatasetProperties.producerProblems(List.of("*", "shop-backend", "service-account@x")))
                .isEmpty();
        assertThat(DatasetProperties.producerProblems(List.of("a b", "a,b", "")))
                .hasSize(3);
    }

    @Test
    void propertiesRoundTripAndColumnTagsAreKeyedByFieldId() {
        Map<String, String> properties = Map.of(
                DatasetProperties.TAGS,
                "gold, finance,gold",
                DatasetProperties.PRODUCERS,
                "a,b",
                DatasetProperties.columnTagsKey(3),
                "pii",
                DatasetProperties.COLUMN_TAGS_PREFIX + "not-an-id",
                "ignored");
        assertThat(DatasetProperties.tags(properties)).containsExactly("gold", "finance");
        assertThat(DatasetProperties.producers(properties)).containsExactly("a", "b");
        assertThat(DatasetProperties.columnTags(properties)).containsExactly(Map.entry(3, List.of("pii")));
        assertThat(DatasetProperties.compatibility(Map.of())).isEqualTo(CompatibilityMode.NONE);
        assertThat(DatasetProperties.compatibility(Map.of(DatasetProperties.COMPATIBILITY, "full")))
                .isEqualTo(CompatibilityMode.FULL);
        assertThatThrownBy(() -> DatasetProperties.compatibility(Map.of(DatasetProperties.COMPATIBILITY, "strict")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DatasetProperties.compatibilityOrNone(Map.of(DatasetProperties.COMPATIBILITY, "strict")))
                .isEqualTo(CompatibilityMode.NONE);
    }

    @Test
    void searchWordsSplitNamesIntoTheirParts() {
        assertThat(DatasetEntry.nameText(TableIdentifier.of("sales_eu", "order-events.v2")))
                .isEqualTo("sales eu order events v2");
        assertThat(DatasetEntry.words(Stream.of("Crème brûlée; DROP TABLE x--")))
                .isEqualTo("crème brûlée drop table x");
    }
}
