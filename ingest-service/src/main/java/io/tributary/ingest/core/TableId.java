package io.tributary.ingest.core;

import java.util.Objects;

/** A table as producers name it in the path: one namespace level and a table name. */
public record TableId(String namespace, String name) {

    public TableId {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return namespace + "." + name;
    }
}
