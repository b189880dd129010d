package io.tributary.catalog.core.platform;

import org.apache.iceberg.catalog.TableIdentifier;

/** A dataset cannot be created because a table or view of that name exists. */
public class DatasetAlreadyExistsException extends RuntimeException {

    private final transient TableIdentifier dataset;

    public DatasetAlreadyExistsException(TableIdentifier dataset) {
        super("A table or view named " + dataset + " already exists.");
        this.dataset = dataset;
    }

    public TableIdentifier dataset() {
        return dataset;
    }
}
