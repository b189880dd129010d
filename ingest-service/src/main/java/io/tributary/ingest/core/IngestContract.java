package io.tributary.ingest.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * What a table accepts from producers: an Iceberg schema, the version the catalog gave it, and optionally the
 * field whose value becomes the Kafka key (so all records of one key keep their order in one partition).
 *
 * <p>Field names match case-sensitively. A field the schema does not name is a violation: dropping it silently
 * would lose data the producer believes was stored.
 *
 * @param keyField  a field name, dotted through nested structs ({@code customer.id}); null for no key
 * @param producers who may insert: client ids, user names or subjects, {@code *} for any data producer; empty
 *                  for nobody (see {@link ContractInsertAuthorizer})
 */
public record IngestContract(TableId table, int version, Schema schema, String keyField, List<String> producers) {

    /** A contract that names no producers. */
    public IngestContract(TableId table, int version, Schema schema, String keyField) {
        this(table, version, schema, keyField, List.of());
    }

    public IngestContract {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(schema, "schema");
        producers = producers == null ? List.of() : List.copyOf(producers);
        if (version < 0) {
            throw new IllegalArgumentException("contract version must not be negative, got " + version);
        }
        if (keyField != null) {
            keyPositions(schema, keyField);
        }
    }

    public Optional<String> key() {
        return Optional.ofNullable(keyField);
    }

    /** The value of the key field in a validated record, or null when there is no key or the field is null. */
    public Object keyValue(StructValue record) {
        if (keyField == null) {
            return null;
        }
        Object current = record;
        for (int position : keyPositions(schema, keyField)) {
            if (current == null) {
                return null;
            }
            current = ((StructValue) current).get(position);
        }
        return current;
    }

    /** Positions through nested structs down to the key field; null for no key. */
    int[] keyPath() {
        return keyField == null ? null : keyPositions(schema, keyField);
    }

    public Type.PrimitiveType keyType() {
        return keyField == null ? null : schema.findField(keyField).type().asPrimitiveType();
    }

    /** Positions through nested structs down to the key field; the key may not sit inside a list or a map. */
    private static int[] keyPositions(Schema schema, String keyField) {
        Types.NestedField field = schema.findField(keyField);
        if (field == null) {
            throw new IllegalArgumentException("key field '" + keyField + "' is not in the schema");
        }
        if (!field.type().isPrimitiveType()) {
            throw new IllegalArgumentException(
                    "key field '" + keyField + "' must have a primitive type, not " + field.type());
        }
        List<Integer> path = new ArrayList<>();
        if (!findPath(schema.asStruct(), field.fieldId(), path)) {
            throw new IllegalArgumentException("key field '" + keyField + "' must not sit inside a list or a map");
        }
        return path.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean findPath(Types.StructType struct, int fieldId, List<Integer> path) {
        List<Types.NestedField> fields = struct.fields();
        for (int i = 0; i < fields.size(); i++) {
            Types.NestedField field = fields.get(i);
            path.add(i);
            if (field.fieldId() == fieldId) {
                return true;
            }
            if (field.type().isStructType() && findPath(field.type().asStructType(), fieldId, path)) {
                return true;
            }
            path.remove(path.size() - 1);
        }
        return false;
    }
}
