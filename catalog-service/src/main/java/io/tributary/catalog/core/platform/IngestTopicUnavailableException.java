package io.tributary.catalog.core.platform;

import org.apache.iceberg.catalog.TableIdentifier;

/** A dataset cannot be created because its ingest topic cannot be; nothing of it was created. */
public class IngestTopicUnavailableException extends RuntimeException {

    private final transient TableIdentifier dataset;

    public IngestTopicUnavailableException(TableIdentifier dataset, IngestTopics.Unavailable cause) {
        super("The ingest topic of " + dataset + " cannot be created: " + cause.getMessage(), cause);
        this.dataset = dataset;
    }

    public TableIdentifier dataset() {
        return dataset;
    }
}
