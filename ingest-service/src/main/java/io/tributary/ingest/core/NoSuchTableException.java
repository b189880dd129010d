package io.tributary.ingest.core;

/** No table of that name accepts records. */
public class NoSuchTableException extends RuntimeException {

    public NoSuchTableException(TableId table) {
        super("No table " + table + " accepts records: it does not exist or has no ingest contract.");
    }
}
