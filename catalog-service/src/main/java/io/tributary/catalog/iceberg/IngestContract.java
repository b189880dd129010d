package io.tributary.catalog.iceberg;

import java.util.Optional;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Table;

/**
 * The contract producers must satisfy to write to a table: the table's current Iceberg schema, versioned by its
 * schema id, so every schema change the catalog commits is a new contract version that ingest picks up.
 *
 * @param version    the current schema id
 * @param schemaJson the schema in Iceberg's JSON form ({@link SchemaParser})
 * @param key        the optional dotted field path that chooses the Kafka key, from table property {@value #KEY_PROPERTY}
 */
public record IngestContract(int version, String schemaJson, Optional<String> key) {

    public static final String KEY_PROPERTY = "tributary.ingest.key";

    public static IngestContract of(Table table) {
        Schema schema = table.schema();
        String key = table.properties().get(KEY_PROPERTY);
        return new IngestContract(schema.schemaId(), SchemaParser.toJson(schema),
                Optional.ofNullable(key).filter(k -> !k.isBlank()));
    }
}
