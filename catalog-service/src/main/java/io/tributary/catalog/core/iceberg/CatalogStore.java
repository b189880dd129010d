package io.tributary.catalog.core.iceberg;

import io.tributary.catalog.core.dataset.DatasetEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Where the catalog keeps its namespaces and, for each table and view, the location of its current metadata file.
 * Implementations report outcomes with Iceberg's exceptions ({@code NoSuchNamespaceException},
 * {@code AlreadyExistsException}, {@code CommitFailedException}, ...) and failures of the store itself with
 * {@link CatalogStoreException}.
 */
public interface CatalogStore {

    enum Kind {
        TABLE,
        VIEW
    }

    /** Creates the namespace; its parent, if any, must exist. Records {@link CatalogEvent#namespaceCreated}. */
    void createNamespace(Namespace namespace, Map<String, String> properties);

    Optional<Map<String, String>> namespaceProperties(Namespace namespace);

    /** The direct children of {@code parent}, sorted; the top-level namespaces for the empty namespace. */
    List<Namespace> listNamespaces(Namespace parent);

    /**
     * False when the namespace does not exist; {@code NamespaceNotEmptyException} while it holds anything. Records
     * {@link CatalogEvent#namespaceDropped} when it was dropped.
     */
    boolean dropNamespace(Namespace namespace);

    /**
     * Sets and removes properties in one transaction and reports what changed. {@code checkResult} sees the merged
     * map before it is written and may refuse it by throwing.
     */
    PropertyChanges updateNamespaceProperties(
            Namespace namespace,
            Map<String, String> updates,
            Set<String> removals,
            Consumer<Map<String, String>> checkResult);

    /** The current metadata location of the table or view, empty when there is none of that kind. */
    Optional<String> metadataLocation(TableIdentifier identifier, Kind kind);

    /** The names of the tables or views directly in the namespace, sorted. */
    List<TableIdentifier> list(Namespace namespace, Kind kind);

    /**
     * Registers a new table or view whose metadata is at {@code metadataLocation}, recording {@code events} in the
     * outbox and a table's {@code entry} in the dataset index in the same transaction.
     */
    void create(
            TableIdentifier identifier,
            Kind kind,
            String metadataLocation,
            List<CatalogEvent> events,
            DatasetEntry entry);

    /**
     * Compare-and-swap of the metadata location; {@code CommitFailedException} if it is no longer {@code expected}.
     * {@code events} and a table's {@code entry} are recorded in the same transaction, and only if the swap happens.
     */
    void swap(
            TableIdentifier identifier,
            Kind kind,
            String expected,
            String next,
            List<CatalogEvent> events,
            DatasetEntry entry);

    /** Applies every change or none, in one transaction. */
    void commitAll(List<PointerChange> changes);

    /**
     * False when there was no such table or view. Records {@link CatalogEvent#tableDropped} or
     * {@link CatalogEvent#viewDropped}, and removes a table's dataset index entry.
     */
    boolean drop(TableIdentifier identifier, Kind kind);

    /** Renames a table or view, its dataset index entry with it, and records {@link CatalogEvent#renamed}. */
    void rename(TableIdentifier from, TableIdentifier to, Kind kind);

    void recordMetricsReport(TableIdentifier table, String reportType, String reportJson);

    /** The outcome of a namespace property update, in the shape the REST protocol reports it. */
    record PropertyChanges(Set<String> updated, Set<String> removed, Set<String> missing) {}

    /**
     * One table's move from {@code expected} to {@code next}; {@code expected == null} creates the table.
     * {@code events} and the table's dataset index {@code entry} (may be null) are recorded with it.
     */
    record PointerChange(
            TableIdentifier identifier, String expected, String next, List<CatalogEvent> events, DatasetEntry entry) {

        public PointerChange {
            events = events == null ? List.of() : List.copyOf(events);
        }

        public PointerChange(TableIdentifier identifier, String expected, String next) {
            this(identifier, expected, next, List.of(), null);
        }
    }
}
