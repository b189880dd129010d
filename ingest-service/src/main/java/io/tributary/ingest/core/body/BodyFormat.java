package io.tributary.ingest.core.body;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import org.apache.iceberg.Schema;

/** The body formats producers may send, by media type. All are UTF-8. */
public enum BodyFormat {
    JSON("application/json"),
    NDJSON("application/x-ndjson"),
    CSV("text/csv");

    private final String mediaType;

    BodyFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format of a media type without parameters, such as {@code text/csv}. */
    public static Optional<BodyFormat> of(String mediaType) {
        String bare = mediaType.toLowerCase(Locale.ROOT);
        for (BodyFormat format : values()) {
            if (format.mediaType.equals(bare)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts reading a body. The CSV reader checks its header here, so a header that does not fit fails at once.
     *
     * @param json a mapper from {@link io.tributary.ingest.core.IngestJson#mapper(int)} with the same depth limit
     */
    public RecordReader open(InputStream body, Schema contract, JsonMapper json, int maxDepth) throws IOException {
        return open(body, contract, json, maxDepth, null);
    }

    /**
     * As {@link #open(InputStream, Schema, JsonMapper, int)}, with records checked and encoded as they are read.
     *
     * @param encoder checks and encodes each record in the same pass; null to hand every record over as a tree
     */
    public RecordReader open(InputStream body, Schema contract, JsonMapper json, int maxDepth, RecordEncoder encoder)
            throws IOException {
        return switch (this) {
            case JSON -> new JsonRecordReader(body, json, maxDepth, encoder);
            case NDJSON -> new NdjsonRecordReader(body, json, maxDepth, encoder);
            case CSV -> new CsvRecordReader(body, contract, encoder);
        };
    }
}
