package io.tributary.catalog.core.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.TypeUtil;

/**
 * What the dataset listing and the search index keep of one table, derived from its metadata on every commit so it is
 * written in the same transaction as the commit itself.
 *
 * @param columns    every column's dotted name, nested ones included, in schema order
 * @param columnTags tags by dotted column name
 */
public record DatasetEntry(
        String owner,
        String description,
        List<String> tags,
        List<String> columns,
        Map<String, List<String>> columnTags,
        int schemaId) {

    public DatasetEntry {
        tags = List.copyOf(tags);
        columns = List.copyOf(columns);
        columnTags = Map.copyOf(columnTags);
    }

    public static DatasetEntry of(TableMetadata metadata) {
        Map<String, String> properties = metadata.properties();
        Schema schema = metadata.schema();
        Map<Integer, String> names = TypeUtil.indexNameById(schema.asStruct());
        List<String> columns = new ArrayList<>(names.values());
        Map<String, List<String>> columnTags = new LinkedHashMap<>();
        DatasetProperties.columnTags(properties).forEach((id, tags) -> {
            String name = names.get(id);
            if (name != null) {
                columnTags.put(name, tags);
            }
        });
        return new DatasetEntry(
                properties.get(DatasetProperties.OWNER),
                properties.get(DatasetProperties.DESCRIPTION),
                DatasetProperties.tags(properties),
                columns,
                columnTags,
                metadata.currentSchemaId());
    }

    /** Every distinct column tag. */
    public List<String> columnTagValues() {
        return columnTags.values().stream()
                .flatMap(List::stream)
                .distinct()
                .sorted()
                .toList();
    }

    /** Search text of weight A: the namespace levels and table name, split into words. */
    public static String nameText(TableIdentifier identifier) {
        return words(Stream.concat(Stream.of(identifier.namespace().levels()), Stream.of(identifier.name())));
    }

    /** Search text of weight B: tags, column tags and column names, split into words. */
    public String tagAndColumnText() {
        return words(Stream.of(tags.stream(), columnTagValues().stream(), columns.stream())
                .flatMap(s -> s));
    }

    /** Search text of weight C. */
    public String descriptionText() {
        return description == null ? "" : words(Stream.of(description));
    }

    /** Lower-case words: names like {@code order_events} or {@code sales.orders} are found by each of their parts. */
    public static String words(Stream<String> values) {
        return values.flatMap(value -> Stream.of(value.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")))
                .filter(word -> !word.isEmpty())
                .collect(Collectors.joining(" "));
    }
}
