package io.tributary.query.iceberg;

import org.apache.iceberg.io.FileIO;

/** Where DuckDB reads a table's file: the file itself on local disk, or its copy in the local cache. */
public interface FileLocator {

    /**
     * @param io        the table's FileIO, to fetch a remote file with
     * @param location  the file's location in the table's metadata
     * @param sizeBytes its size in the metadata, which a cached copy must match
     * @return a local path DuckDB can open
     */
    String localPath(FileIO io, String location, long sizeBytes);
}
