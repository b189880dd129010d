package io.tributary.ingest.writer;

import java.util.Objects;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * Lets a commit through only while the table's latest writer checkpoint is the one this writer based its batch on.
 *
 * <p>Iceberg retries a lost commit race by re-applying the append on the new table state. That is right for most
 * appends but would duplicate records when the winner was another writer (a restarted or rebalanced one) holding the
 * same Kafka records. The check runs on every attempt, against exactly the metadata the attempt is built on; the
 * catalog's own requirement (the branch still points at that snapshot) closes the gap between check and commit.
 */
final class FencingTableOperations implements TableOperations {

    private final TableOperations delegate;
    private final String topic;
    private volatile String expectedCommitId;
    /**
     * The delegate's current metadata was just read from the catalog, or just returned by this writer's own commit,
     * so the next {@link #refresh} may answer it without asking again. Iceberg refreshes before it builds a snapshot
     * and again after a commit; without this a commit would load the whole table three times. One use only: a retry
     * after a lost race always asks the catalog.
     */
    private volatile boolean currentIsFresh;

    FencingTableOperations(TableOperations delegate, String topic, String expectedCommitId) {
        this.delegate = delegate;
        this.topic = topic;
        this.expectedCommitId = expectedCommitId;
    }

    void expect(String commitId) {
        this.expectedCommitId = commitId;
    }

    /** The writer commit the table's latest checkpoint must be for this writer's next commit to go through. */
    String expected() {
        return expectedCommitId;
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
        if (base != null) {
            String latest = Checkpoint.latest(base, topic).commitId();
            if (!Objects.equals(latest, expectedCommitId)) {
                throw new FencedException("The table's latest writer commit is " + latest + ", not " + expectedCommitId
                        + ": another writer committed in between");
            }
        }
        currentIsFresh = false;
        delegate.commit(base, metadata);
        currentIsFresh = true;
    }

    /** Reads the table from the catalog, always; the next {@link #refresh} (Iceberg's own, as it builds) reuses it. */
    TableMetadata reload() {
        currentIsFresh = false;
        TableMetadata current = delegate.refresh();
        currentIsFresh = true;
        return current;
    }

    @Override
    public TableMetadata current() {
        return delegate.current();
    }

    @Override
    public TableMetadata refresh() {
        if (currentIsFresh) {
            currentIsFresh = false;
            return delegate.current();
        }
        return delegate.refresh();
    }

    @Override
    public FileIO io() {
        return delegate.io();
    }

    @Override
    public EncryptionManager encryption() {
        return delegate.encryption();
    }

    @Override
    public String metadataFileLocation(String fileName) {
        return delegate.metadataFileLocation(fileName);
    }

    @Override
    public LocationProvider locationProvider() {
        return delegate.locationProvider();
    }

    @Override
    public TableOperations temp(TableMetadata uncommittedMetadata) {
        return delegate.temp(uncommittedMetadata);
    }

    @Override
    public long newSnapshotId() {
        return delegate.newSnapshotId();
    }

    @Override
    public boolean requireStrictCleanup() {
        return delegate.requireStrictCleanup();
    }
}
