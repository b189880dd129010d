package io.tributary.catalog.core.dataset;

import io.tributary.contracts.problem.JsonPointer;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Judges a schema change against a {@link CompatibilityMode}. Fields are matched by name, not by Iceberg field id:
 * producers send records by field name, so a renamed field is, to them, one field removed and another added.
 *
 * <p>A reader can read data of a writer when every field the reader requires is present in the writer's data (or
 * has a default), no field optional in the writer's data is required by the reader, and every common field's type
 * is the same or an Iceberg promotion of the writer's type: {@code int → long}, {@code float → double} and
 * {@code decimal(P, S) → decimal(P', S)} with {@code P' ≥ P}. Fields only the writer has are ignored.
 */
public final class SchemaCompatibility {

    private SchemaCompatibility() {}

    /** Everything about {@code proposed} that breaks {@code mode} relative to {@code previous}; empty if nothing. */
    public static List<Incompatibility> check(Schema previous, Schema proposed, CompatibilityMode mode) {
        List<Incompatibility> found = new ArrayList<>();
        if (mode.checksBackward()) {
            new Judge(CompatibilityMode.BACKWARD, found).struct(proposed.asStruct(), previous.asStruct(), "", "");
        }
        if (mode.checksForward()) {
            new Judge(CompatibilityMode.FORWARD, found).struct(previous.asStruct(), proposed.asStruct(), "", "");
        }
        return found;
    }

    /** Whether data of type {@code written} can be read as {@code read} without loss. */
    public static boolean readable(Type.PrimitiveType written, Type.PrimitiveType read) {
        if (written.equals(read)) {
            return true;
        }
        if (written.typeId() == Type.TypeID.INTEGER && read.typeId() == Type.TypeID.LONG) {
            return true;
        }
        if (written.typeId() == Type.TypeID.FLOAT && read.typeId() == Type.TypeID.DOUBLE) {
            return true;
        }
        if (written instanceof Types.DecimalType from && read instanceof Types.DecimalType to) {
            return from.scale() == to.scale() && to.precision() >= from.precision();
        }
        return false;
    }

    /** Walks a reader type against a writer type in one direction, recording what the reader cannot read. */
    private record Judge(CompatibilityMode rule, List<Incompatibility> found) {

        private boolean backward() {
            return rule == CompatibilityMode.BACKWARD;
        }

        void struct(Types.StructType reader, Types.StructType writer, String pointer, String dotted) {
            for (Types.NestedField read : reader.fields()) {
                String childPointer = JsonPointer.append(pointer, read.name());
                String childName = dotted.isEmpty() ? read.name() : dotted + "." + read.name();
                Types.NestedField written = writer.field(read.name());
                if (written == null) {
                    if (read.isRequired() && read.initialDefault() == null) {
                        missingRequired(read, childPointer, childName);
                    }
                    continue;
                }
                field(read.isRequired(), read.type(), written.isRequired(), written.type(), childPointer, childName);
            }
        }

        private void missingRequired(Types.NestedField read, String pointer, String name) {
            String type = describe(true, read.type());
            if (backward()) {
                add(
                        pointer,
                        name,
                        Incompatibility.CHANGE_ADDED_REQUIRED,
                        null,
                        type,
                        "the field was added as required without a default: records written with the previous schema"
                                + " lack it, so consumers of the new schema cannot read them");
            } else {
                add(
                        pointer,
                        name,
                        Incompatibility.CHANGE_REMOVED_REQUIRED,
                        type,
                        null,
                        "a required field was removed: records written with the new schema lack it, so consumers"
                                + " still using the previous schema cannot read them");
            }
        }

        private void field(
                boolean readRequired, Type read, boolean writtenRequired, Type written, String pointer, String name) {
            if (readRequired && !writtenRequired) {
                if (backward()) {
                    add(
                            pointer,
                            name,
                            Incompatibility.CHANGE_MADE_REQUIRED,
                            describe(false, written),
                            describe(true, read),
                            "the field changed from optional to required: records written with"
                                    + " the previous schema may hold nulls, which consumers of the new schema reject");
                } else {
                    add(
                            pointer,
                            name,
                            Incompatibility.CHANGE_MADE_OPTIONAL,
                            describe(true, read),
                            describe(false, written),
                            "the field changed from required to optional: records written"
                                    + " with the new schema may hold nulls, which consumers of the previous schema reject");
                }
            }
            type(read, readRequired, written, writtenRequired, pointer, name);
        }

        private void type(
                Type read, boolean readRequired, Type written, boolean writtenRequired, String pointer, String name) {
            if (read.isPrimitiveType() && written.isPrimitiveType()) {
                if (!readable(written.asPrimitiveType(), read.asPrimitiveType())) {
                    typeChanged(read, readRequired, written, writtenRequired, pointer, name);
                }
            } else if (read.isStructType() && written.isStructType()) {
                struct(read.asStructType(), written.asStructType(), pointer, name);
            } else if (read.isListType() && written.isListType()) {
                Types.ListType r = read.asListType();
                Types.ListType w = written.asListType();
                field(
                        r.isElementRequired(),
                        r.elementType(),
                        w.isElementRequired(),
                        w.elementType(),
                        pointer + "/element",
                        name + ".element");
            } else if (read.isMapType() && written.isMapType()) {
                Types.MapType r = read.asMapType();
                Types.MapType w = written.asMapType();
                type(r.keyType(), true, w.keyType(), true, pointer + "/key", name + ".key");
                field(
                        r.isValueRequired(),
                        r.valueType(),
                        w.isValueRequired(),
                        w.valueType(),
                        pointer + "/value",
                        name + ".value");
            } else {
                typeChanged(read, readRequired, written, writtenRequired, pointer, name);
            }
        }

        private void typeChanged(
                Type read, boolean readRequired, Type written, boolean writtenRequired, String pointer, String name) {
            String previous = backward() ? describe(writtenRequired, written) : describe(readRequired, read);
            String proposed = backward() ? describe(readRequired, read) : describe(writtenRequired, written);
            String reason = backward()
                    ? "consumers of the new schema cannot read " + written + " values written with the previous schema"
                    : "consumers of the previous schema cannot read " + written + " values written with the new schema";
            add(
                    pointer,
                    name,
                    Incompatibility.CHANGE_TYPE,
                    previous,
                    proposed,
                    reason
                            + "; only int → long, float → double and decimal precision widening are readable promotions");
        }

        private void add(String pointer, String name, String change, String previous, String proposed, String reason) {
            found.add(new Incompatibility(pointer, name, change, previous, proposed, rule, reason));
        }
    }

    private static String describe(boolean required, Type type) {
        return (required ? "required " : "optional ") + type;
    }
}
