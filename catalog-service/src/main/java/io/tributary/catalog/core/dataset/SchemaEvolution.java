package io.tributary.catalog.core.dataset;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Turns a schema a user wrote out in full into the table's next schema: fields that keep their name keep their
 * Iceberg field id (so their data and column tags stay theirs), new fields get fresh ids above the table's last one.
 */
public final class SchemaEvolution {

    private SchemaEvolution() {}

    /** The proposed schema with field ids taken from {@code current} by name; {@code lastColumnId} is advanced. */
    public static Schema evolve(Schema current, Schema proposed, AtomicInteger lastColumnId) {
        Types.StructType struct = struct(proposed.asStruct(), current.asStruct(), lastColumnId);
        Schema evolved = new Schema(struct.fields());
        // Identifier fields stay as long as they are still required primitives of the new schema.
        Set<Integer> identifiers = new HashSet<>();
        for (int id : current.identifierFieldIds()) {
            Types.NestedField field = evolved.findField(id);
            if (field != null && field.isRequired() && field.type().isPrimitiveType()) {
                identifiers.add(id);
            }
        }
        return identifiers.isEmpty() ? evolved : new Schema(struct.fields(), identifiers);
    }

    private static Types.StructType struct(Types.StructType proposed, Types.StructType current, AtomicInteger last) {
        List<Types.NestedField> fields = new ArrayList<>();
        for (Types.NestedField field : proposed.fields()) {
            Types.NestedField existing = current == null ? null : current.field(field.name());
            int id = existing != null ? existing.fieldId() : last.incrementAndGet();
            Type type = type(field.type(), existing == null ? null : existing.type(), last);
            fields.add(Types.NestedField.builder()
                    .withId(id)
                    .withName(field.name())
                    .isOptional(field.isOptional())
                    .ofType(type)
                    .withDoc(field.doc())
                    .build());
        }
        return Types.StructType.of(fields);
    }

    private static Type type(Type proposed, Type current, AtomicInteger last) {
        if (proposed.isStructType()) {
            return struct(
                    proposed.asStructType(),
                    current != null && current.isStructType() ? current.asStructType() : null,
                    last);
        }
        if (proposed.isListType()) {
            Types.ListType list = proposed.asListType();
            Types.ListType existing = current != null && current.isListType() ? current.asListType() : null;
            int elementId = existing != null ? existing.elementId() : last.incrementAndGet();
            Type element = type(list.elementType(), existing == null ? null : existing.elementType(), last);
            return list.isElementOptional()
                    ? Types.ListType.ofOptional(elementId, element)
                    : Types.ListType.ofRequired(elementId, element);
        }
        if (proposed.isMapType()) {
            Types.MapType map = proposed.asMapType();
            Types.MapType existing = current != null && current.isMapType() ? current.asMapType() : null;
            int keyId = existing != null ? existing.keyId() : last.incrementAndGet();
            int valueId = existing != null ? existing.valueId() : last.incrementAndGet();
            Type key = type(map.keyType(), existing == null ? null : existing.keyType(), last);
            Type value = type(map.valueType(), existing == null ? null : existing.valueType(), last);
            return map.isValueOptional()
                    ? Types.MapType.ofOptional(keyId, valueId, key, value)
                    : Types.MapType.ofRequired(keyId, valueId, key, value);
        }
        return proposed;
    }
}
