package io.tributary.ingest.contracts.staticfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.ingest.core.ContractJson;
import io.tributary.ingest.core.ContractSource;
import io.tributary.ingest.core.IngestContract;
import io.tributary.ingest.core.TableId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Contracts from one JSON file, read at startup and again whenever a catalog event says a contract changed: for
 * local work and tests, and for a deployment that wants ingest without a catalog. Format:
 * <pre>{"contracts": [{"namespace": "sales", "table": "orders", "version": 1, "key": "order_id",
 *                  "producers": ["orders-app"], "schema": {"type": "struct", "schema-id": 0, "fields": [...]}}]}</pre>
 */
public final class StaticContractSource implements ContractSource {

    private static final Logger LOG = Logger.getLogger(StaticContractSource.class);

    private final Path file;
    private volatile Map<TableId, IngestContract> contracts;

    private StaticContractSource(Path file, Map<TableId, IngestContract> contracts) {
        this.file = file;
        this.contracts = Map.copyOf(contracts);
    }

    /** @throws IllegalArgumentException when the file is unreadable or any contract in it is invalid */
    public static StaticContractSource load(Path file) {
        return new StaticContractSource(file, read(file));
    }

    /** Reads the file again; a file that became invalid leaves the contracts read before in place. */
    public void reload() {
        try {
            contracts = Map.copyOf(read(file));
        } catch (IllegalArgumentException e) {
            LOG.warnf("Keeping the ingest contracts read before: %s", e.getMessage());
        }
    }

    @Override
    public void invalidate(TableId table, boolean gone) {
        reload();
    }

    @Override
    public void invalidateAll() {
        reload();
    }

    private static Map<TableId, IngestContract> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read ingest contracts from " + file + ": " + e.getMessage(), e);
        }
        JsonNode list = root == null ? null : root.get("contracts");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(file + " must hold {\"contracts\": [...]}");
        }
        Map<TableId, IngestContract> contracts = new HashMap<>();
        for (JsonNode entry : list) {
            TableId table = new TableId(text(entry, "namespace", file), text(entry, "table", file));
            if (contracts.put(table, ContractJson.parse(table, entry)) != null) {
                throw new IllegalArgumentException(file + " holds two contracts for " + table);
            }
        }
        return contracts;
    }

    private static String text(JsonNode entry, String field, Path file) {
        JsonNode value = entry.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("a contract in " + file + " has no '" + field + "' string");
        }
        return value.textValue();
    }

    @Override
    public Optional<IngestContract> find(TableId table) {
        return Optional.ofNullable(contracts.get(table));
    }

    public int size() {
        return contracts.size();
    }
}
