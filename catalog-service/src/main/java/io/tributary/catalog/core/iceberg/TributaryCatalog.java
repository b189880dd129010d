package io.tributary.catalog.core.iceberg;

import io.tributary.catalog.core.dataset.DatasetEntry;
import io.tributary.catalog.core.iceberg.CatalogStore.Kind;
import io.tributary.catalog.core.iceberg.CatalogStore.PointerChange;
import io.tributary.catalog.core.iceberg.CatalogStore.PropertyChanges;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.RetryableValidationException;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.iceberg.view.BaseMetastoreViewCatalog;
import org.apache.iceberg.view.ViewOperations;

/**
 * Tributary's Iceberg catalog: namespaces and metadata pointers in a {@link CatalogStore}, metadata files under the
 * warehouse through a {@link FileIO}. Tables and views share one set of names per namespace. The REST layer drives
 * it through Iceberg's {@code CatalogHandlers}; it holds no per-request state and is safe to share.
 */
public class TributaryCatalog extends BaseMetastoreViewCatalog implements SupportsNamespaces {

    /** The namespace property Iceberg's catalogs use for the folder that holds the namespace's tables. */
    public static final String NAMESPACE_LOCATION = "location";

    private final CatalogStore store;
    private final FileIO io;
    private final String warehouseLocation;
    private final CatalogRules rules;
    private final MetadataCache metadataCache;
    private final CommitLocks commitLocks = new CommitLocks(64);
    private String name = "tributary";
    private Map<String, String> properties = Map.of();

    /**
     * @param metadataCacheSnapshots how many snapshots the parsed table metadata kept in memory may hold together (the
     *                               bulk of a table's metadata); 0 reads every metadata file again on every use
     */
    public TributaryCatalog(
            CatalogStore store, FileIO io, String warehouseLocation, CatalogRules rules, long metadataCacheSnapshots) {
        this.store = store;
        this.io = io;
        this.warehouseLocation = warehouseLocation.endsWith("/")
                ? warehouseLocation.substring(0, warehouseLocation.length() - 1)
                : warehouseLocation;
        this.rules = rules;
        this.metadataCache = new MetadataCache(metadataCacheSnapshots);
    }

    @Override
    public void initialize(String catalogName, Map<String, String> catalogProperties) {
        this.name = catalogName;
        this.properties = Map.copyOf(catalogProperties);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected Map<String, String> properties() {
        return properties;
    }

    public String warehouseLocation() {
        return warehouseLocation;
    }

    public FileIO io() {
        return io;
    }

    // ---- tables --------------------------------------------------------------------------------------------------

    @Override
    protected TableOperations newTableOps(TableIdentifier identifier) {
        rules.checkIdentifier(identifier);
        return new StoreTableOperations(store, io, metadataCache, rules, identifier, fullTableName(name, identifier));
    }

    /**
     * Under the namespace's explicit {@code location} if it has one (the table rules then refuse it outside the
     * warehouse), else under its default one. A suffix makes each table's location its own: a table created under a
     * name that a renamed or dropped (and not purged) table had never shares files with it.
     */
    @Override
    protected String defaultWarehouseLocation(TableIdentifier identifier) {
        String parent = store.namespaceProperties(identifier.namespace())
                .map(properties -> properties.get(NAMESPACE_LOCATION))
                .filter(location -> !location.isBlank())
                .map(TributaryCatalog::withoutTrailingSlashes)
                .orElseGet(() -> defaultNamespaceLocation(identifier.namespace()));
        String suffix = UUID.randomUUID().toString().replace("-", "");
        return parent + "/" + identifier.name() + "-" + suffix;
    }

    /** Where a namespace without an explicit {@code location} keeps its tables: its levels as warehouse folders. */
    public String defaultNamespaceLocation(Namespace namespace) {
        return warehouseLocation + "/" + String.join("/", namespace.levels());
    }

    private static String withoutTrailingSlashes(String location) {
        int end = location.length();
        while (end > 0 && location.charAt(end - 1) == '/') {
            end--;
        }
        return location.substring(0, end);
    }

    /** Metadata tables ({@code db.t.files}) are resolved by REST clients themselves, never by the server. */
    @Override
    protected boolean isValidMetadataIdentifier(TableIdentifier identifier) {
        return false;
    }

    /** Checks a create request before anything is staged or written. */
    public void checkCreate(TableIdentifier identifier, String location, Map<String, String> requestedProperties) {
        rules.checkIdentifier(identifier);
        if (location != null) {
            rules.checkLocation("location", location);
        }
        rules.checkProperties("properties", requestedProperties);
    }

    /**
     * A staged create's properties as a direct create gets them: the catalog's {@code table-default.*} under the
     * requested ones and its {@code table-override.*} over them. Iceberg's handler stages a create from the request's
     * properties alone.
     */
    public Map<String, String> stagedTableProperties(Map<String, String> requested) {
        Map<String, String> merged =
                new LinkedHashMap<>(PropertyUtil.propertiesWithPrefix(properties, "table-default."));
        merged.putAll(requested);
        merged.putAll(PropertyUtil.propertiesWithPrefix(properties, "table-override."));
        return merged;
    }

    /** Asks the store only: an existence check (HEAD, metrics reports) needs no metadata file read or parsed. */
    @Override
    public boolean tableExists(TableIdentifier identifier) {
        rules.checkIdentifier(identifier);
        return store.metadataLocation(identifier, Kind.TABLE).isPresent();
    }

    @Override
    public List<TableIdentifier> listTables(Namespace namespace) {
        rules.checkNamespace(namespace);
        return store.list(namespace, Kind.TABLE);
    }

    @Override
    public org.apache.iceberg.Table registerTable(TableIdentifier identifier, String metadataFileLocation) {
        rules.checkIdentifier(identifier);
        rules.checkLocation("metadata location", metadataFileLocation);
        return super.registerTable(identifier, metadataFileLocation);
    }

    @Override
    public boolean dropTable(TableIdentifier identifier, boolean purge) {
        TableOperations ops = newTableOps(identifier);
        TableMetadata last = null;
        if (purge) {
            try {
                last = ops.current();
            } catch (RuntimeException e) {
                // An unreadable metadata file must not make the table undroppable; there is nothing to purge then.
                last = null;
            }
        }
        if (!store.drop(identifier, Kind.TABLE)) {
            return false;
        }
        if (purge && last != null) {
            CatalogUtil.dropTableData(ops.io(), last);
        }
        return true;
    }

    @Override
    public void renameTable(TableIdentifier from, TableIdentifier to) {
        rules.checkIdentifier(from);
        rules.checkIdentifier(to);
        store.rename(from, to, Kind.TABLE);
    }

    /**
     * Commits changes to several tables atomically: each change is checked against its table's current metadata,
     * every new metadata file is written, and then all pointers move in one store transaction, or none does.
     */
    public void commitTransaction(List<UpdateTableRequest> changes) {
        Set<TableIdentifier> seen = new HashSet<>();
        for (UpdateTableRequest change : changes) {
            if (change.identifier() == null) {
                throw new IllegalArgumentException("Invalid table change: missing identifier");
            }
            rules.checkIdentifier(change.identifier());
            if (!seen.add(change.identifier())) {
                throw new IllegalArgumentException(
                        "Invalid transaction: more than one change for " + change.identifier());
            }
        }
        commitLocks.with(seen, () -> {
            commitStaged(changes);
            return null;
        });
    }

    private void commitStaged(List<UpdateTableRequest> changes) {
        List<Staged> staged = new ArrayList<>();
        boolean keepFiles = false;
        try {
            for (UpdateTableRequest change : changes) {
                Staged next = stage(change);
                if (next != null) {
                    staged.add(next);
                }
            }
            store.commitAll(staged.stream().map(Staged::pointer).toList());
            keepFiles = true;
            staged.forEach(s -> s.ops().committed(s.pointer().next(), s.metadata()));
        } catch (CatalogStoreException e) {
            // The pointers may or may not have moved; the new files must stay in case they did.
            keepFiles = true;
            throw new CommitStateUnknownException(e);
        } finally {
            if (!keepFiles) {
                staged.forEach(
                        s -> s.ops().discard(s.base(), s.metadata(), s.pointer().next()));
            }
        }
    }

    /**
     * The JSON of the table metadata at {@code metadataLocation}, when this catalog has just loaded or written that
     * file and still holds it: answering with it saves serializing the metadata again. Empty otherwise.
     */
    public Optional<String> metadataJson(String metadataLocation) {
        return Optional.ofNullable(metadataCache.json(metadataLocation));
    }

    /**
     * Runs a commit to the given tables or views while holding their in-process commit locks (see {@link CommitLocks}).
     */
    public <T> T committing(Collection<TableIdentifier> identifiers, Supplier<T> commit) {
        return commitLocks.with(identifiers, commit);
    }

    private record Staged(
            StoreTableOperations ops, TableMetadata base, TableMetadata metadata, PointerChange pointer) {}

    private Staged stage(UpdateTableRequest change) {
        StoreTableOperations ops = (StoreTableOperations) newTableOps(change.identifier());
        TableMetadata base = ops.current();
        boolean create =
                change.requirements().stream().anyMatch(UpdateRequirement.AssertTableDoesNotExist.class::isInstance);
        if (base == null && !create) {
            throw new NoSuchTableException("Table does not exist: %s", change.identifier());
        }
        if (base == null && change.requirements().size() != 1) {
            throw new IllegalArgumentException("Invalid create requirements: " + change.requirements());
        }
        change.requirements().forEach(requirement -> requirement.validate(base));
        Integer formatVersion = change.updates().stream()
                .filter(MetadataUpdate.UpgradeFormatVersion.class::isInstance)
                .map(update -> ((MetadataUpdate.UpgradeFormatVersion) update).formatVersion())
                .findFirst()
                .orElse(null);
        TableMetadata.Builder builder = base != null
                ? TableMetadata.buildFrom(base)
                : formatVersion != null ? TableMetadata.buildFromEmpty(formatVersion) : TableMetadata.buildFromEmpty();
        try {
            change.updates().forEach(update -> update.applyTo(builder));
        } catch (RetryableValidationException e) {
            throw new CommitFailedException(e, "Validation failed, please retry: %s", e.getMessage());
        }
        TableMetadata updated = builder.build();
        if (base != null && updated.changes().isEmpty()) {
            return null;
        }
        String location = ops.stage(base, updated);
        String expected = base == null ? null : base.metadataFileLocation();
        return new Staged(
                ops,
                base,
                updated,
                new PointerChange(
                        change.identifier(),
                        expected,
                        location,
                        CatalogEvent.forCommit(change.identifier(), base, updated),
                        DatasetEntry.of(updated)));
    }

    // ---- views ---------------------------------------------------------------------------------------------------

    @Override
    protected ViewOperations newViewOps(TableIdentifier identifier) {
        rules.checkIdentifier(identifier);
        return new StoreViewOperations(store, io, rules, identifier, fullTableName(name, identifier));
    }

    @Override
    public List<TableIdentifier> listViews(Namespace namespace) {
        rules.checkNamespace(namespace);
        return store.list(namespace, Kind.VIEW);
    }

    @Override
    public boolean dropView(TableIdentifier identifier) {
        rules.checkIdentifier(identifier);
        return store.drop(identifier, Kind.VIEW);
    }

    @Override
    public void renameView(TableIdentifier from, TableIdentifier to) {
        rules.checkIdentifier(from);
        rules.checkIdentifier(to);
        store.rename(from, to, Kind.VIEW);
    }

    @Override
    public org.apache.iceberg.view.View registerView(TableIdentifier identifier, String metadataFileLocation) {
        rules.checkIdentifier(identifier);
        rules.checkLocation("metadata location", metadataFileLocation);
        return super.registerView(identifier, metadataFileLocation);
    }

    // ---- namespaces ----------------------------------------------------------------------------------------------

    @Override
    public void createNamespace(Namespace namespace, Map<String, String> metadata) {
        rules.checkNamespace(namespace);
        rules.checkProperties("namespace properties", metadata);
        store.createNamespace(namespace, metadata == null ? Map.of() : metadata);
    }

    @Override
    public List<Namespace> listNamespaces(Namespace namespace) {
        if (!namespace.isEmpty()) {
            rules.checkNamespace(namespace);
        }
        return store.listNamespaces(namespace);
    }

    /**
     * The stored properties, with the default {@code location} when none is stored: engines such as Trino only stage
     * a table create (and so can run CREATE TABLE AS) when the namespace names a location.
     */
    @Override
    public Map<String, String> loadNamespaceMetadata(Namespace namespace) {
        rules.checkNamespace(namespace);
        Map<String, String> stored = store.namespaceProperties(namespace)
                .orElseThrow(() -> new NoSuchNamespaceException("Namespace does not exist: %s", namespace));
        if (stored.containsKey(NAMESPACE_LOCATION)) {
            return stored;
        }
        Map<String, String> withLocation = new LinkedHashMap<>(stored);
        withLocation.put(NAMESPACE_LOCATION, defaultNamespaceLocation(namespace));
        return withLocation;
    }

    @Override
    public boolean namespaceExists(Namespace namespace) {
        rules.checkNamespace(namespace);
        return store.namespaceProperties(namespace).isPresent();
    }

    @Override
    public boolean dropNamespace(Namespace namespace) {
        rules.checkNamespace(namespace);
        return store.dropNamespace(namespace);
    }

    @Override
    public boolean setProperties(Namespace namespace, Map<String, String> updates) {
        return !updateProperties(namespace, updates, Set.of()).updated().isEmpty();
    }

    @Override
    public boolean removeProperties(Namespace namespace, Set<String> removals) {
        return !updateProperties(namespace, Map.of(), removals).removed().isEmpty();
    }

    /** Sets and removes namespace properties atomically, checking the resulting map against the limits. */
    public PropertyChanges updateProperties(Namespace namespace, Map<String, String> updates, Set<String> removals) {
        rules.checkNamespace(namespace);
        rules.checkProperties("namespace properties", updates);
        Set<String> overlap = new HashSet<>(updates.keySet());
        overlap.retainAll(removals);
        if (!overlap.isEmpty()) {
            throw new IllegalArgumentException(
                    "Invalid namespace properties update: keys both set and removed: " + overlap);
        }
        return store.updateNamespaceProperties(
                namespace, updates, removals, merged -> rules.checkProperties("namespace properties", merged));
    }

    @Override
    public String toString() {
        return "TributaryCatalog{" + name + ", warehouse=" + warehouseLocation + "}";
    }
}
