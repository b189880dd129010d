package io.tributary.query.core;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Time travel: which snapshot of each table a statement reads. A point given for one table wins over the point given
 * for all; without either, each table's current snapshot is read.
 */
public record AsOf(Point all, Map<TableName, Point> perTable) {

    public static final AsOf CURRENT = new AsOf(null, Map.of());

    public AsOf {
        perTable = perTable == null ? Map.of() : Map.copyOf(perTable);
    }

    public Optional<Point> pointFor(TableName table) {
        Point point = perTable.get(table);
        return Optional.ofNullable(point != null ? point : all);
    }

    /** A snapshot id, or the snapshot current at a time. Exactly one is set. */
    public record Point(Long snapshotId, Instant timestamp) {

        public static Point snapshot(long id) {
            return new Point(id, null);
        }

        public static Point at(Instant timestamp) {
            return new Point(null, timestamp);
        }

        @Override
        public String toString() {
            return snapshotId != null ? "snapshot " + snapshotId : "time " + timestamp;
        }
    }
}
