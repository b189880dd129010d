package io.tributary.catalog.core.iceberg;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotParser;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;

/**
 * A table's metadata as JSON, exactly as {@link TableMetadataParser#toJson(TableMetadata)} writes it, with each
 * snapshot's JSON reused from the previous version of the table's metadata instead of written again.
 *
 * <p>A table committed every second holds thousands of snapshots, and each commit writes all of them into the new
 * metadata file: nearly all of a commit's serializing. A snapshot never changes once committed, so its JSON is kept
 * by snapshot id with the metadata it belongs to, and a commit writes only the new snapshots. Everything else in the
 * file is written by Iceberg's own parser; only the elements of the {@code snapshots} array are spliced in, each being
 * what {@link SnapshotParser#toJson(Snapshot, boolean)} gives, compact for it.
 */
public final class MetadataJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** The JSON, and each snapshot's part of it by snapshot id, to be reused by the next version. */
    public record Written(String json, Map<Long, String> snapshots) {}

    private MetadataJson() {}

    /**
     * @param known snapshot JSON by snapshot id from an earlier version of the same table (ids are unique within a
     *              table and a snapshot never changes); may be empty
     */
    public static Written write(TableMetadata metadata, Map<Long, String> known) {
        List<Snapshot> snapshots = metadata.snapshots();
        Map<Long, String> parts = new HashMap<>(snapshots.size() * 4 / 3 + 1);
        long size = 2048;
        for (Snapshot snapshot : snapshots) {
            String part = known.get(snapshot.snapshotId());
            if (part == null) {
                part = SnapshotParser.toJson(snapshot, false);
            }
            parts.put(snapshot.snapshotId(), part);
            size += part.length() + 1;
        }
        TextWriter out = new TextWriter((int) Math.min(size, Integer.MAX_VALUE - 8));
        try (JsonGenerator json = new Splicing(FACTORY.createGenerator(out), snapshots, parts)) {
            TableMetadataParser.toJson(metadata, json);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the metadata of table " + metadata.uuid(), e);
        }
        return new Written(out.toString(), parts);
    }

    /** A {@link Writer} into a {@link StringBuilder}, without {@link java.io.StringWriter}'s locking. */
    private static final class TextWriter extends Writer {
        private final StringBuilder text;

        TextWriter(int capacity) {
            this.text = new StringBuilder(capacity);
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
        }

        @Override
        public void write(String chars, int offset, int length) {
            text.append(chars, offset, offset + length);
        }

        @Override
        public void write(int c) {
            text.append((char) c);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        @Override
        public String toString() {
            return text.toString();
        }
    }

    /**
     * Passes everything through except the objects of the top-level {@code snapshots} array: for each of those it
     * writes the snapshot's kept JSON and drops the calls that would have written it.
     */
    private static final class Splicing extends JsonGeneratorDelegate {

        private static final String SNAPSHOTS = "snapshots";

        private final List<Snapshot> snapshots;
        private final Map<Long, String> parts;
        /** Open objects and arrays written through. */
        private int depth;
        /** The last field name written at the top level. */
        private String topField;
        /** Depth of the snapshots array's elements while inside it, else -1. */
        private int elementDepth = -1;

        private int next;
        /** Open objects and arrays of the snapshot being dropped; 0 when not dropping. */
        private int dropping;

        Splicing(JsonGenerator delegate, List<Snapshot> snapshots, Map<Long, String> parts) {
            super(delegate, false);
            this.snapshots = snapshots;
            this.parts = parts;
        }

        private boolean startObject() throws IOException {
            if (dropping > 0) {
                dropping++;
                return false;
            }
            if (depth == elementDepth) {
                if (next >= snapshots.size()) {
                    throw new IllegalStateException("More snapshots written than the metadata holds");
                }
                delegate.writeRawValue(parts.get(snapshots.get(next++).snapshotId()));
                dropping = 1;
                return false;
            }
            depth++;
            return true;
        }

        private boolean startArray() {
            if (dropping > 0) {
                dropping++;
                return false;
            }
            if (depth == 1 && SNAPSHOTS.equals(topField) && elementDepth < 0) {
                elementDepth = depth + 1;
            }
            depth++;
            return true;
        }

        private boolean end() {
            if (dropping > 0) {
                dropping--;
                return false;
            }
            if (depth == elementDepth) {
                if (next != snapshots.size()) {
                    throw new IllegalStateException("Fewer snapshots written than the metadata holds");
                }
                elementDepth = -1;
            }
            depth--;
            return true;
        }

        private boolean through() {
            return dropping == 0;
        }

        @Override
        public void writeStartObject() throws IOException {
            if (startObject()) {
                delegate.writeStartObject();
            }
        }

        @Override
        public void writeStartObject(Object forValue) throws IOException {
            if (startObject()) {
                delegate.writeStartObject(forValue);
            }
        }

        @Override
        public void writeStartObject(Object forValue, int size) throws IOException {
            if (startObject()) {
                delegate.writeStartObject(forValue, size);
            }
        }

        @Override
        public void writeEndObject() throws IOException {
            if (end()) {
                delegate.writeEndObject();
            }
        }

        @Override
        public void writeStartArray() throws IOException {
            if (startArray()) {
                delegate.writeStartArray();
            }
        }

        @Override
        public void writeStartArray(int size) throws IOException {
            if (startArray()) {
                delegate.writeStartArray(size);
            }
        }

        @Override
        public void writeStartArray(Object forValue) throws IOException {
            if (startArray()) {
                delegate.writeStartArray(forValue);
            }
        }

        @Override
        public void writeStartArray(Object forValue, int size) throws IOException {
            if (startArray()) {
                delegate.writeStartArray(forValue, size);
            }
        }

        @Override
        public void writeEndArray() throws IOException {
            if (end()) {
                delegate.writeEndArray();
            }
        }

        @Override
        public void writeFieldName(String name) throws IOException {
            if (through()) {
                if (depth == 1) {
                    topField = name;
                }
                delegate.writeFieldName(name);
            }
        }

        @Override
        public void writeFieldName(SerializableString name) throws IOException {
            if (through()) {
                if (depth == 1) {
                    topField = name.getValue();
                }
                delegate.writeFieldName(name);
            }
        }

        @Override
        public void writeFieldId(long id) throws IOException {
            if (through()) {
                if (depth == 1) {
                    topField = Long.toString(id);
                }
                delegate.writeFieldId(id);
            }
        }

        @Override
        public void writeOmittedField(String name) throws IOException {
            if (through()) {
                delegate.writeOmittedField(name);
            }
        }

        @Override
        public void writeArray(int[] array, int offset, int length) throws IOException {
            if (through()) {
                delegate.writeArray(array, offset, length);
            }
        }

        @Override
        public void writeArray(long[] array, int offset, int length) throws IOException {
            if (through()) {
                delegate.writeArray(array, offset, length);
            }
        }

        @Override
        public void writeArray(double[] array, int offset, int length) throws IOException {
            if (through()) {
                delegate.writeArray(array, offset, length);
            }
        }

        @Override
        public void writeArray(String[] array, int offset, int length) throws IOException {
            if (through()) {
                delegate.writeArray(array, offset, length);
            }
        }

        @Override
        public void writeString(String text) throws IOException {
            if (through()) {
                delegate.writeString(text);
            }
        }

        @Override
        public void writeString(Reader reader, int len) throws IOException {
            if (through()) {
                delegate.writeString(reader, len);
            }
        }

        @Override
        public void writeString(char[] text, int offset, int len) throws IOException {
            if (through()) {
                delegate.writeString(text, offset, len);
            }
        }

        @Override
        public void writeString(SerializableString text) throws IOException {
            if (through()) {
                delegate.writeString(text);
            }
        }

        @Override
        public void writeRawUTF8String(byte[] text, int offset, int length) throws IOException {
            if (through()) {
                delegate.writeRawUTF8String(text, offset, length);
            }
        }

        @Override
        public void writeUTF8String(byte[] text, int offset, int length) throws IOException {
            if (through()) {
                delegate.writeUTF8String(text, offset, length);
            }
        }

        @Override
        public void writeRaw(String text) throws IOException {
            if (through()) {
                delegate.writeRaw(text);
            }
        }

        @Override
        public void writeRaw(String text, int offset, int len) throws IOException {
            if (through()) {
                delegate.writeRaw(text, offset, len);
            }
        }

        @Override
        public void writeRaw(SerializableString raw) throws IOException {
            if (through()) {
                delegate.writeRaw(raw);
            }
        }

        @Override
        public void writeRaw(char[] text, int offset, int len) throws IOException {
            if (through()) {
                delegate.writeRaw(text, offset, len);
            }
        }

        @Override
        public void writeRaw(char c) throws IOException {
            if (through()) {
                delegate.writeRaw(c);
            }
        }

        @Override
        public void writeRawValue(String text) throws IOException {
            if (through()) {
                delegate.writeRawValue(text);
            }
        }

        @Override
        public void writeRawValue(String text, int offset, int len) throws IOException {
            if (through()) {
                delegate.writeRawValue(text, offset, len);
            }
        }

        @Override
        public void writeRawValue(char[] text, int offset, int len) throws IOException {
            if (through()) {
                delegate.writeRawValue(text, offset, len);
            }
        }

        @Override
        public void writeBinary(Base64Variant variant, byte[] data, int offset, int len) throws IOException {
            if (through()) {
                delegate.writeBinary(variant, data, offset, len);
            }
        }

        @Override
        public int writeBinary(Base64Variant variant, InputStream data, int dataLength) throws IOException {
            return through() ? delegate.writeBinary(variant, data, dataLength) : 0;
        }

        @Override
        public void writeNumber(short v) throws IOException {
            if (through()) {
                delegate.writeNumber(v);
            }
        }

        @Override
        public void writeNumber(int v) throws IOException {
            if (through()) {
                delegate.writeNumber(v);
            }
        }

        @Override
        public void writeNumber(long v) throws IOException {
            if (through()) {
                delegate.writeNumber(v);
            }
        }

        @Override
        public void writeNumber(BigInteger v) throws IOException {
            if (through()) {
                delegate.writeNumber(v);
            }
        }

        @Override
        public void writeNumber(double v) throws IOException {
            if (through()) {
                delegate.writeNumber(v);
            }
        }

        @Override
        public void writeNumber(float v) throws IOException {
            if (through()) {
                delegate.writeNumber(v);
            }
        }

        @Override
        public void writeNumber(BigDecimal v) throws IOException {
            if (through()) {
                delegate.writeNumber(v);
            }
        }

        @Override
        public void writeNumber(String encodedValue) throws IOException {
            if (through()) {
                delegate.writeNumber(encodedValue);
            }
        }

        @Override
        public void writeNumber(char[] encodedValue, int offset, int len) throws IOException {
            if (through()) {
                delegate.writeNumber(encodedValue, offset, len);
            }
        }

        @Override
        public void writeBoolean(boolean state) throws IOException {
            if (through()) {
                delegate.writeBoolean(state);
            }
        }

        @Override
        public void writeNull() throws IOException {
            if (through()) {
                delegate.writeNull();
            }
        }

        @Override
        public void writeObjectId(Object id) throws IOException {
            if (through()) {
                delegate.writeObjectId(id);
            }
        }

        @Override
        public void writeObjectRef(Object id) throws IOException {
            if (through()) {
                delegate.writeObjectRef(id);
            }
        }

        @Override
        public void writeTypeId(Object id) throws IOException {
            if (through()) {
                delegate.writeTypeId(id);
            }
        }

        @Override
        public void writeEmbeddedObject(Object object) throws IOException {
            if (through()) {
                delegate.writeEmbeddedObject(object);
            }
        }

        @Override
        public void writePOJO(Object pojo) throws IOException {
            if (through()) {
                delegate.writePOJO(pojo);
            }
        }

        @Override
        public void writeObject(Object pojo) throws IOException {
            if (through()) {
                delegate.writeObject(pojo);
            }
        }

        @Override
        public void writeTree(TreeNode tree) throws IOException {
            if (through()) {
                delegate.writeTree(tree);
            }
        }
    }
}
