package io.tributary.governance.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.governance.core.ColumnInfo;
import io.tributary.governance.core.TableInfo;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.expr.SqlType;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a dataset as the catalog's platform API answers it: {@code schema} (Iceberg JSON), {@code column-tags} and
 * {@code contract.producers} (who may push records, read as INSERT grants) and {@code contract.key}.
 */
public final class CatalogTables {

    private CatalogTables() {}

    public static TableInfo parse(TableRef ref, JsonNode dataset) {
        JsonNode fields = dataset.path("schema").path("fields");
        if (!fields.isArray()) {
            throw new IllegalArgumentException("the dataset has no schema.fields");
        }
        JsonNode tags = dataset.path("column-tags");
        List<ColumnInfo> columns = new ArrayList<>();
        for (JsonNode field : fields) {
            String name = field.path("name").asText();
            JsonNode type = field.path("type");
            List<String> columnTags = new ArrayList<>();
            tags.path(name).forEach(t -> columnTags.add(t.asText()));
            columns.add(new ColumnInfo(
                    name,
                    type.isTextual() ? SqlType.fromIceberg(type.asText()) : new SqlType(null, null, SqlType.Kind.OTHER),
                    columnTags));
        }
        List<String> producers = new ArrayList<>();
        dataset.path("contract").path("producers").forEach(p -> {
            if (p.isTextual() && !p.asText().isEmpty()) {
                producers.add(p.asText());
            }
        });
        List<String> key = new ArrayList<>();
        String keyText = dataset.path("contract").path("key").asText("");
        for (String column : keyText.split(",")) {
            if (!column.isBlank()) {
                key.add(column.strip());
            }
        }
        return new TableInfo(ref, columns, producers, key);
    }
}
