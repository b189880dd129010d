package io.tributary.ingest.core;

import java.nio.ByteBuffer;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;

/** Iceberg keeps a field's write-default in its internal form (days, micros, ByteBuffer); records carry generic values. */
final class WriteDefaults {

    private WriteDefaults() {}

    static Object generic(Type type, Object internal) {
        return switch (type.typeId()) {
            case DATE -> DateTimeUtil.dateFromDays((Integer) internal);
            case TIME -> DateTimeUtil.timeFromMicros((Long) internal);
            case TIMESTAMP ->
                ((Types.TimestampType) type).shouldAdjustToUTC()
                        ? DateTimeUtil.timestamptzFromMicros((Long) internal)
                        : DateTimeUtil.timestampFromMicros((Long) internal);
            case TIMESTAMP_NANO ->
                ((Types.TimestampNanoType) type).shouldAdjustToUTC()
                        ? DateTimeUtil.timestamptzFromNanos((Long) internal)
                        : DateTimeUtil.timestampFromNanos((Long) internal);
            case STRING -> internal.toString();
            case FIXED -> {
                ByteBuffer buffer = ((ByteBuffer) internal).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                yield bytes;
            }
            case BINARY -> ((ByteBuffer) internal).duplicate();
            default -> internal;
        };
    }
}
