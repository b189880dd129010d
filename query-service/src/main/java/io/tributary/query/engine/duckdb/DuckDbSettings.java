package io.tributary.query.engine.duckdb;

import java.nio.file.Path;

/**
 * How each statement's DuckDB instance is sized.
 *
 * @param memoryLimit    DuckDB's {@code memory_limit}, e.g. {@code 1GB}
 * @param threads        DuckDB's {@code threads}
 * @param spillDirectory where DuckDB spills what does not fit in memory ({@code temp_directory})
 * @param lakeCatalog    the catalog name statements may put before {@code namespace.table}
 */
public record DuckDbSettings(String memoryLimit, int threads, Path spillDirectory, String lakeCatalog) {}
