package io.tributary.catalog.core.dataset;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/** Reads of the dataset index: listing with filters, full-text search, and schema history times. */
public interface DatasetIndex {

    /** One dataset as the index knows it; metadata fields are empty for a table not yet indexed. */
    record Summary(
            TableIdentifier identifier,
            String owner,
            String description,
            List<String> tags,
            Map<String, List<String>> columnTags,
            List<String> columns,
            Instant updatedAt) {}

    /**
     * @param namespace only this namespace (not its children), or all
     * @param tag       only datasets with this table or column tag
     * @param owner     only datasets with this owner
     * @param after     only datasets after this one, in (namespace, name) order
     */
    record Filter(
            Optional<Namespace> namespace,
            Optional<String> tag,
            Optional<String> owner,
            Optional<TableIdentifier> after) {}

    /** Up to {@code limit} datasets in (namespace, name) order; {@code more} tells whether others follow. */
    record Page(List<Summary> datasets, boolean more) {}

    Page list(Filter filter, int limit);

    /** One search hit; {@code descriptionHighlight} marks matches with {@code <mark>}. */
    record Hit(Summary dataset, double rank, String descriptionHighlight) {}

    record SearchResult(List<Hit> hits, long total) {}

    /**
     * Datasets matching every term (each as a word prefix), best first: a match in the name outranks one only in
     * tags or column names, which outranks one only in the description; ties in (namespace, name) order.
     */
    SearchResult search(List<String> terms, int limit, int offset);

    /** For each schema id, the times it became the table's current schema, oldest first. */
    Map<Integer, List<Instant>> schemaTimes(TableIdentifier identifier);
}
