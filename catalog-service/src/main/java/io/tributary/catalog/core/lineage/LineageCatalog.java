package io.tributary.catalog.core.lineage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The lineage graph as listings: namespaces, datasets and their versions, jobs and their runs, search and tags, as
 * Marquez's read API shows them. Reads answer empty when the thing is not stored; callers decide what that means.
 */
public interface LineageCatalog {

    List<Namespace> namespaces(Page page);

    Optional<Namespace> namespace(String name);

    Listing<Dataset> datasets(String namespace, Page page);

    Optional<Dataset> dataset(String namespace, String name);

    /** Versions of a dataset, newest first; empty when the dataset is not stored. */
    Optional<Listing<DatasetVersion>> versions(String namespace, String name, Page page);

    Optional<DatasetVersion> version(String namespace, String name, UUID version);

    /** Jobs of one namespace, or of all when {@code namespace} is null, by namespace and name. */
    Listing<Job> jobs(String namespace, Page page);

    Optional<Job> job(String namespace, String name);

    /** Runs of a job, newest first; empty when the job is not stored. */
    Optional<Listing<LineageNodes.Run>> runs(String namespace, String job, Page page);

    Optional<LineageNodes.Run> run(UUID id);

    /** Versions of a job, newest first; empty when the job is not stored. */
    Optional<Listing<JobVersion>> jobVersions(String namespace, String job, Page page);

    Optional<JobVersion> jobVersion(String namespace, String job, UUID version);

    /** Datasets and jobs whose name contains {@code text}, ignoring case. */
    Listing<SearchHit> search(SearchQuery query);

    List<Tag> tags();

    /** Creates the tag or replaces its description. */
    Tag putTag(String name, String description);

    /**
     * Tags a dataset (creating an unknown tag without a description); false when the dataset is not stored.
     */
    boolean tagDataset(String namespace, String name, String tag);

    /** Untags a dataset; false when the dataset is not stored. */
    boolean untagDataset(String namespace, String name, String tag);

    /** Tags a field of a dataset; false when the field is not stored. */
    boolean tagField(String namespace, String name, String field, String tag);

    /**
     * A dataset version's id: name-based (MD5, RFC 4122 version 3) from the dataset and the run that wrote it, so it is
     * the same on every read without being stored.
     */
    static UUID versionOf(NodeId dataset, UUID run) {
        return UUID.nameUUIDFromBytes((dataset + "\n" + run).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code limit} items after skipping {@code offset}. */
    record Page(int limit, int offset) {}

    /** One page of items and how many there are in all. */
    record Listing<T>(List<T> items, long totalCount) {}

    record Namespace(String name, Instant createdAt, Instant updatedAt) {}

    /** A field with its type (null when no schema facet named it) and tags. */
    record Field(String name, String type, List<String> tags) {}

    /**
     * @param currentVersion the newest version, null when no run wrote the dataset
     * @param lastModifiedAt when the newest version was written, null without versions
     */
    record Dataset(
            String namespace,
            String name,
            Instant createdAt,
            Instant updatedAt,
            List<Field> fields,
            List<String> tags,
            UUID currentVersion,
            Instant lastModifiedAt,
            boolean deleted) {}

    /**
     * A run that wrote the dataset. {@code facets} is the JSON object of the output's dataset and output facets in the
     * run's events (a later event's facet wins), as sent.
     */
    record DatasetVersion(
            String namespace,
            String name,
            UUID version,
            Instant createdAt,
            List<Field> fields,
            List<String> tags,
            LineageNodes.Run createdByRun,
            String facets) {}

    record DatasetRef(String namespace, String name) {}

    record Job(
            String namespace,
            String name,
            Instant createdAt,
            Instant updatedAt,
            List<DatasetRef> inputs,
            List<DatasetRef> outputs,
            LineageNodes.Run latestRun,
            UUID currentVersion) {}

    /**
     * A job version ({@link JobVersions}): first and last recorded, with the newest of its runs (null once retention
     * pruned them all) and the job facets of its latest event ({@code "{}"} when none).
     */
    record JobVersion(
            String namespace,
            String name,
            UUID version,
            Instant createdAt,
            Instant updatedAt,
            String location,
            List<DatasetRef> inputs,
            List<DatasetRef> outputs,
            LineageNodes.Run latestRun,
            String facets) {}

    enum SearchFilter {
        DATASET,
        JOB
    }

    enum SearchSort {
        NAME,
        UPDATE_AT
    }

    /**
     * @param filter    null for datasets and jobs
     * @param namespace null for every namespace
     */
    record SearchQuery(String text, SearchFilter filter, SearchSort sort, String namespace, int limit) {}

    /** @param type {@code DATASET} or {@code JOB} */
    record SearchHit(String type, String namespace, String name, Instant updatedAt) {}

    record Tag(String name, String description) {}
}
