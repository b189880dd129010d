package io.tributary.catalog.core.iceberg;

import io.tributary.catalog.core.dataset.DatasetEntry;
import io.tributary.catalog.core.iceberg.CatalogStore.Kind;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.io.FileIO;

/** Moves a table's or view's pointer to a metadata file that has just been written, the last step of a commit. */
final class MetadataPointer {

    private MetadataPointer() {}

    /**
     * Creates the pointer ({@code expected == null}) or swaps it from {@code expected} to {@code next}. When the
     * store refuses, the new file is deleted unless it was {@code reused} (a registered file someone else wrote);
     * when the store fails, the outcome is unknown and the file stays, as the pointer may already name it.
     */
    static void move(
            CatalogStore store,
            FileIO io,
            TableIdentifier identifier,
            Kind kind,
            String expected,
            String next,
            boolean reused,
            List<CatalogEvent> events,
            DatasetEntry entry) {
        try {
            if (expected == null) {
                store.create(identifier, kind, next, events, entry);
            } else {
                store.swap(identifier, kind, expected, next, events, entry);
            }
        } catch (CommitFailedException | AlreadyExistsException | NoSuchNamespaceException e) {
            if (!reused) {
                io.deleteFile(next);
            }
            throw e;
        } catch (CatalogStoreException e) {
            throw new CommitStateUnknownException(e);
        }
    }
}
