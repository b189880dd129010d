package io.tributary.governance.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.governance.core.CatalogLookup;
import io.tributary.governance.core.TableInfo;
import io.tributary.governance.core.TableRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tables from a JSON file, {@code {"ns.table": <dataset as the catalog answers it>}}: for tests and for running
 * governance without a catalog.
 */
public final class StaticCatalogLookup implements CatalogLookup {

    private final Map<TableRef, TableInfo> tables = new LinkedHashMap<>();

    public StaticCatalogLookup(String location) {
        try (InputStream in = location.startsWith("classpath:")
                ? Thread.currentThread()
                        .getContextClassLoader()
                        .getResourceAsStream(location.substring("classpath:".length()))
                : Files.newInputStream(Path.of(location))) {
            if (in == null) {
                throw new IllegalArgumentException("no catalog file at " + location);
            }
            JsonNode root = new ObjectMapper().readTree(in);
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                TableRef ref = TableRef.parse(entry.getKey());
                tables.put(ref, CatalogTables.parse(ref, entry.getValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<TableInfo> table(TableRef ref) {
        return Optional.ofNullable(tables.get(ref));
    }
}
