package io.tributary.contracts.iceberg;

/**
 * The lake writer's view of a table, an extension of the Iceberg REST protocol between the writer and the catalog.
 *
 * <p>A client that sends {@link #HEADER}: {@link #CHECKPOINTS} on a table load (with no {@code snapshots} parameter,
 * or {@code snapshots=all}), or on a single-table commit, is answered metadata holding only the snapshots its writing needs: every branch's and
 * tag's head, and each branch head's ancestors back to, and including, the first that carries a writer checkpoint
 * ({@link #OFFSETS} in its summary). Everything else about the table is as in the full answer. A writer committing a
 * table every second would otherwise receive, parse and hold every snapshot of the last hour on every commit:
 * megabytes per table, which grow with the table's history rather than with what the writer does.
 */
public final class WriterView {

    /** The request header that asks for the writer's view. */
    public static final String HEADER = "X-Tributary-Snapshots";

    /** Its value: branch and tag heads, and the history back to each branch's latest writer checkpoint. */
    public static final String CHECKPOINTS = "checkpoints";

    /**
     * The snapshot summary key of a writer checkpoint: {@code {"<topic>": {"<partition>": <next offset>, …}}}, the
     * Kafka position everything before which is in the table.
     */
    public static final String OFFSETS = "tributary.kafka.offsets";

    private WriterView() {}
}
