package io.tributary.catalog.core.lineage;

/** A lineage event over the size limit; nothing of it was stored. */
public class LineageEventTooLargeException extends RuntimeException {

    public LineageEventTooLargeException(long limit) {
        super("A lineage event may hold at most " + limit + " bytes.");
    }
}
