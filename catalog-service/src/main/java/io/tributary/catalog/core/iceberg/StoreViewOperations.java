package io.tributary.catalog.core.iceberg;

import io.tributary.catalog.core.iceberg.CatalogStore.Kind;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.view.BaseViewOperations;
import org.apache.iceberg.view.ViewMetadata;
import org.apache.iceberg.view.ViewProperties;

/** A view's metadata file plus the store's pointer to it, committed like a table's. */
final class StoreViewOperations extends BaseViewOperations {

    private final CatalogStore store;
    private final FileIO io;
    private final CatalogRules rules;
    private final TableIdentifier identifier;
    private final String fullName;

    StoreViewOperations(
            CatalogStore store, FileIO io, CatalogRules rules, TableIdentifier identifier, String fullName) {
        this.store = store;
        this.io = io;
        this.rules = rules;
        this.identifier = identifier;
        this.fullName = fullName;
    }

    @Override
    protected String viewName() {
        return fullName;
    }

    @Override
    protected FileIO io() {
        return io;
    }

    @Override
    protected void doRefresh() {
        String location = store.metadataLocation(identifier, Kind.VIEW).orElse(null);
        if (location == null) {
            if (currentMetadataLocation() != null) {
                throw new NoSuchViewException("View does not exist: %s", identifier);
            }
            disableRefresh();
            return;
        }
        refreshFromMetadataLocation(location, null, StoreTableOperations.METADATA_READ_RETRIES);
    }

    @Override
    protected void doCommit(ViewMetadata base, ViewMetadata metadata) {
        rules.checkMetadata(
                "view",
                metadata.properties(),
                metadata.location(),
                metadata.properties().get(ViewProperties.WRITE_METADATA_LOCATION));
        String newLocation = writeNewMetadataIfRequired(metadata);
        boolean reused = base == null && newLocation.equals(metadata.metadataFileLocation());
        MetadataPointer.move(
                store,
                io,
                identifier,
                Kind.VIEW,
                base == null ? null : base.metadataFileLocation(),
                newLocation,
                reused,
                CatalogEvent.forViewCommit(identifier, base, metadata),
                null);
    }
}
