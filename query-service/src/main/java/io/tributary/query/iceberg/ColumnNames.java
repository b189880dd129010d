package io.tributary.query.iceberg;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Whether reading a snapshot's Parquet files by column name gives exactly what reading them by field id gives. That
 * holds when no column of the read schema was ever renamed, no name (in any case) ever belonged to another field, no
 * type ever changed, and every column is in at least one of the files (a file without it reads as NULL).
 */
final class ColumnNames {

    private ColumnNames() {}

    /**
     * @param read                the schema the snapshot is read with
     * @param dataSequenceNumbers the data sequence numbers of the files that would be read by name
     */
    static boolean exact(Table table, Schema read, List<Long> dataSequenceNumbers) {
        Map<String, Integer> idByName = new HashMap<>();
        for (Types.NestedField column : read.columns()) {
            if (!readableByName(column.type())
                    || idByName.put(column.name().toLowerCase(Locale.ROOT), column.fieldId()) != null) {
                return false;
            }
        }
        for (Schema past : table.schemas().values()) {
            for (Types.NestedField field : past.columns()) {
                Integer id = idByName.get(field.name().toLowerCase(Locale.ROOT));
                if (id != null && id != field.fieldId()) {
                    return false;
                }
                Types.NestedField now = read.findField(field.fieldId());
                if (now != null
                        && (!now.name().equals(field.name()) || !now.type().equals(field.type()))) {
                    return false;
                }
            }
        }
        return dataSequenceNumbers.isEmpty() || covered(table, read, dataSequenceNumbers);
    }

    /** Each file's schema is its committing snapshot's; every column must be in one of them, or it cannot bind. */
    private static boolean covered(Table table, Schema read, List<Long> dataSequenceNumbers) {
        Map<Long, Integer> schemaBySequence = new HashMap<>();
        Set<Long> ambiguous = new HashSet<>();
        for (Snapshot snapshot : table.snapshots()) {
            if (snapshot.schemaId() == null
                    || schemaBySequence.put(snapshot.sequenceNumber(), snapshot.schemaId()) != null) {
                ambiguous.add(snapshot.sequenceNumber());
            }
        }
        Set<Integer> present = new HashSet<>();
        for (long sequence : new HashSet<>(dataSequenceNumbers)) {
            Integer schemaId = schemaBySequence.get(sequence);
            Schema written = schemaId == null ? null : table.schemas().get(schemaId);
            if (written == null || ambiguous.contains(sequence)) {
                return false;
            }
            written.columns().forEach(field -> present.add(field.fieldId()));
        }
        return read.columns().stream().allMatch(column -> present.contains(column.fieldId()));
    }

    /** Types whose Parquet form DuckDB reads as the engine type itself, so reading by name changes nothing. */
    private static boolean readableByName(Type type) {
        return switch (type.typeId()) {
            case BOOLEAN, INTEGER, LONG, FLOAT, DOUBLE, DECIMAL, DATE, TIMESTAMP, STRING, BINARY -> true;
            default -> false;
        };
    }
}
