package io.tributary.catalog.core.lineage;

/** A well-formed node id that names nothing in the lineage graph. */
public class NoSuchLineageNodeException extends RuntimeException {

    public NoSuchLineageNodeException(NodeId node) {
        super("The lineage graph has no node " + node + ".");
    }
}
